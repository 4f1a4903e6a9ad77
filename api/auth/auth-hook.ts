import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { MikroORM } from '@mikro-orm/postgresql';
import { ROLES, type Role } from '../../db/entities';
import { query } from '../../db/sql';
import { ApiError } from '../errors';
import { hashToken } from '../../db/identity/password';
import { appendAudit } from '../../db/repositories/audit-repository';

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
    const changes = request.method !== 'GET' && !SESSION_ROUTES.has(request.routeOptions.url);
    if (!request.user.roles.some((role) => roles.includes(role))) {
      const refusal = new ApiError('FORBIDDEN', `Requires one of the roles: ${roles.join(', ')}`);
      if (changes) await auditRefusal(orm, request, refusal.message);
      throw refusal;
    }
    const readOnly = request.user.roles.every((role) => role === 'auditor');
    if (readOnly && changes) {
      await auditRefusal(orm, request, 'Auditors can read but not change');
      throw new ApiError('FORBIDDEN', 'Auditors can read but not change');
    }
  });
}

/**
 * A refused attempt to change something lands in the audit trail (`access.refused`: who, which route, which path,
 * why), so the auditor's trail shows attempts as well as acts. Refused reads are not audited (a page polling a route
 * its user may not read would flood the trail). A failing insert does not turn the 403 into a 500.
 */
async function auditRefusal(orm: MikroORM, request: FastifyRequest, reason: string): Promise<void> {
  const route = `${request.method} ${request.routeOptions.url ?? ''}`;
  await appendAudit(orm.em.fork(), {
    actor: request.user?.username ?? 'anonymous',
    action: 'access.refused',
    entityType: 'api_route',
    entityId: route,
    details: { method: request.method, path: request.url.split('?')[0], reason },
  }).catch((error: unknown) => request.log.error({ err: error }, 'could not audit a refused request'));
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
