import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { MikroORM } from '@mikro-orm/postgresql';
import { ROLES, type Role } from '../../db/entities';
import { query } from '../../db/sql';
import { ApiError } from '../errors';
import { hashToken } from '../../db/identity/password';

/** The authenticated caller, as routes see it. */
export interface AuthUser {
  id: number;
  username: string;
  displayName: string;
  roles: Role[];
}

/** Every role (the one list, beside the users in db/entities/identity.ts); routes readable by anyone signed in declare this. */
export const ANY_ROLE: readonly Role[] = ROLES;

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Who may call the route: `public`, or the roles of which the caller needs at least one. */
    roles?: 'public' | readonly Role[];
  }
  interface FastifyRequest {
    user?: AuthUser;
  }
}

/** The signed-in user of a request; routes behind the auth hook can rely on it. */
export function currentUser(request: FastifyRequest): AuthUser {
  if (!request.user) throw new ApiError('UNAUTHENTICATED', 'Sign in first');
  return request.user;
}

/** Routes that only touch the caller's own session, which even a read-only auditor may do. */
const SESSION_ROUTES = new Set(['/api/auth/logout']);

/**
 * Checks every /api route against the roles it declares. A route that declares nothing is refused (fail
 * closed), and an auditor can never change anything whatever a route declares.
 */
export function installAuthHook(app: FastifyInstance, orm: MikroORM): void {
  app.addHook('onRequest', async (request) => {
    if (!request.url.startsWith('/api/')) return;
    const roles = request.routeOptions.config?.roles;
    if (roles === 'public') return;
    if (!request.routeOptions.url) return; // unknown route: let the 404 handler answer
    request.user = await authenticate(orm, request.headers.authorization);
    if (!roles) throw new ApiError('FORBIDDEN', 'This route declares no roles');
    if (!request.user.roles.some((role) => roles.includes(role))) {
      throw new ApiError('FORBIDDEN', `Requires one of the roles: ${roles.join(', ')}`);
    }
    const readOnly = request.user.roles.every((role) => role === 'auditor');
    const changes = request.method !== 'GET' && !SESSION_ROUTES.has(request.routeOptions.url);
    if (readOnly && changes) throw new ApiError('FORBIDDEN', 'Auditors can read but not change');
  });
}

async function authenticate(orm: MikroORM, header: string | undefined): Promise<AuthUser> {
  const token = header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
  if (!token) throw new ApiError('UNAUTHENTICATED', 'Missing bearer token; sign in at /api/auth/login');
  const [row] = await query<{ id: number; username: string; display_name: string; roles: Role[] }>(
    orm.em.fork(),
    `select u.id, u.username, u.display_name, u.roles from session s join app_user u on u.id = s.user_id
      where s.token_hash = ? and s.expires_at > now() and u.active`,
    [hashToken(token)],
  );
  if (!row) throw new ApiError('UNAUTHENTICATED', 'Session expired or unknown; sign in again');
  return { id: row.id, username: row.username, displayName: row.display_name, roles: row.roles };
}
