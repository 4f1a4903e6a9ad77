import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { MikroORM } from '@mikro-orm/postgresql';
import { Session, User } from '../../db/entities';
import { hashPassword } from '../../db/identity/password';
import { currentUser } from '../auth/auth-hook';
import { ApiError } from '../errors';
import { auditChange, masterDataRoutes } from '../master-data';
import { routeDocs } from '../openapi/route-docs';
import { passwordSchema, userRecord, userResource } from './user-resource';

/** `/api/users` (admin only): the master-data routes, plus an admin's password reset. */
export function userRoutes(orm: MikroORM): FastifyPluginAsyncZod {
  return async (app) => {
    await app.register(masterDataRoutes(orm, userResource));

    app.post(
      '/:key/reset-password',
      {
        config: { roles: ['admin'] },
        schema: {
          tags: ['users'],
          ...routeDocs({
            summary: "Reset a user's password",
            description:
              'Sets a new password (stored as an Argon2id hash, never returned), signs the user out everywhere ' +
              '(every session revoked) and writes an audit entry without the password.',
            errors: ['NOT_FOUND'],
          }),
          params: z.object({ key: z.string().min(1).max(64) }),
          body: z.object({ password: passwordSchema }),
          response: { 200: userRecord },
        },
      },
      async (request) => {
        const actor = currentUser(request).username;
        const passwordHash = await hashPassword(request.body.password);
        const user = await orm.em.fork().transactional(async (em) => {
          const found = await em.findOne(User, { username: request.params.key });
          if (!found) throw new ApiError('NOT_FOUND', `No user ${request.params.key}`, 'username');
          found.passwordHash = passwordHash;
          await em.nativeDelete(Session, { user: found });
          auditChange(em, { actor, action: 'user.password-reset', entityType: 'user', entityId: found.username });
          await em.flush();
          return found;
        });
        return (await userResource.toRecords(orm.em.fork(), [user]))[0];
      },
    );
  };
}
