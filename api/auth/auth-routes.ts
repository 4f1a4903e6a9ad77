import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { Role } from '../../db/entities';
import { query } from '../../db/sql';
import { ApiError } from '../errors';
import { ANY_ROLE, currentUser } from './auth-hook';
import { checkNobody, checkPassword, hashPassword, hashToken, newSessionToken } from '../../db/identity/password';
import { routeDocs } from '../openapi/route-docs';
import { clearFailures, lockedFor, recordFailure } from './login-throttle';

const userSchema = z.object({
  id: z.number(),
  username: z.string(),
  displayName: z.string(),
  roles: z.array(z.string()),
});

/** Password login, logout and "who am I". */
export function authRoutes(orm: MikroORM, sessionTtlHours: number): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/login',
      {
        config: { roles: 'public' },
        schema: {
          ...routeDocs({
            summary: 'Sign in',
            description:
              'Checks the user name and password and opens a session; answers the bearer token and the user. ' +
              'After 5 failed sign-ins of one user name within 15 minutes the name is locked for 15 minutes: ' +
              'every attempt meanwhile is refused with 429 ACCOUNT_LOCKED and `Retry-After`, whatever the password. ' +
              'Failures, the lock and refused attempts are audited (without the password).',
            errors: ['INVALID_CREDENTIALS', 'ACCOUNT_LOCKED'],
          }),
          tags: ['auth'],
          body: z.object({ username: z.string().min(1).max(64), password: z.string().min(1).max(200) }),
          response: { 200: z.object({ token: z.string(), user: userSchema }) },
        },
      },
      async (request, reply) => {
        const em = orm.em.fork();
        const attempt = { username: request.body.username, ip: request.ip };
        const lockedSeconds = await lockedFor(em, attempt);
        if (lockedSeconds !== undefined) {
          reply.header('Retry-After', String(lockedSeconds));
          throw new ApiError(
            'ACCOUNT_LOCKED',
            'Too many failed sign-ins; this user name is locked for a while',
            'username',
          );
        }
        const [row] = await query<{
          id: number;
          username: string;
          display_name: string;
          roles: Role[];
          password_hash: string;
        }>(em, 'select id, username, display_name, roles, password_hash from app_user where username = ? and active', [
          request.body.username,
        ]);
        // An unknown user name costs a verification too, so the answer's timing does not say which names exist.
        const check = row
          ? await checkPassword(request.body.password, row.password_hash)
          : { valid: await checkNobody(request.body.password), needsRehash: false };
        if (!row || !check.valid) {
          await recordFailure(em, attempt);
          throw new ApiError('INVALID_CREDENTIALS', 'Unknown user or wrong password');
        }
        await clearFailures(em, row.username);
        if (check.needsRehash) {
          // An older hash (scrypt, or weaker Argon2 parameters) is replaced while the plain password is at hand.
          await query(em, 'update app_user set password_hash = ? where id = ? and password_hash = ?', [
            await hashPassword(request.body.password),
            row.id,
            row.password_hash,
          ]);
        }
        const { token, tokenHash } = newSessionToken();
        await query(
          em,
          `insert into session (token_hash, user_id, created_at, expires_at)
           values (?, ?, now(), now() + make_interval(hours => ?))`,
          [tokenHash, row.id, sessionTtlHours],
        );
        return { token, user: { id: row.id, username: row.username, displayName: row.display_name, roles: row.roles } };
      },
    );

    app.post(
      '/logout',
      {
        config: { roles: ANY_ROLE },
        schema: {
          ...routeDocs({
            summary: 'Sign out',
            description: "Ends the caller's session: the bearer token stops working.",
          }),
          tags: ['auth'],
          response: { 204: z.null().describe('Signed out; no body') },
        },
      },
      async (request, reply) => {
        const token = request.headers.authorization?.slice(7).trim() ?? '';
        await query(orm.em.fork(), 'delete from session where token_hash = ?', [hashToken(token)]);
        // Sent as undefined, not null: no body and no JSON content type, as a 204 promises.
        return reply.status(204).send(undefined as unknown as null);
      },
    );

    app.get(
      '/me',
      {
        config: { roles: ANY_ROLE },
        schema: {
          ...routeDocs({
            summary: 'Who am I',
            description: 'The signed-in user and their roles. Reads only.',
          }),
          tags: ['auth'],
          response: { 200: z.object({ user: userSchema }) },
        },
      },
      async (request) => ({ user: currentUser(request) }),
    );
  };
}
