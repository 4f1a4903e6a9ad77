import type { MikroORM } from '@mikro-orm/postgresql';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ANY_ROLE, currentUser } from '../auth/auth-hook';
import { ApiError } from '../errors';
import { listRow } from '../lists/sql-list';
import { routeDocs } from '../openapi/route-docs';
import { acknowledgeAlert } from './acknowledge-alert';
import { alertListRoutes, alertListSpec, alertSummary } from './alert-list';
import { ANY_ALERT_ROLE } from './alert-roles';

const params = z.object({ id: z.coerce.number().int().positive().max(2_147_483_647) });

/** Alerts (issue 20): the list (home-page panels use `forMe=true`), one alert, and a person's acknowledgement. */
export function alertRoutes(deps: { orm: MikroORM }): FastifyPluginAsyncZod {
  return async (app) => {
    await app.register(alertListRoutes(deps));

    const readAlert = async (id: number) => {
      const found = await listRow(deps.orm.em.fork(), alertListSpec, 'a.id', 'a.id = ?', [id]);
      if (!found) throw new ApiError('NOT_FOUND', `No alert ${id}`, 'id');
      return found.row;
    };

    app.get(
      '/:id',
      {
        config: { roles: ANY_ROLE },
        schema: {
          ...routeDocs({
            summary: 'Read an alert',
            description: 'One alert with its reason, the figures behind it and who acknowledged it. Reads only.',
            errors: ['NOT_FOUND'],
          }),
          tags: ['alerts'],
          params,
          response: { 200: alertSummary },
        },
      },
      async (request) => readAlert(request.params.id),
    );

    app.post(
      '/:id/acknowledge',
      {
        config: { roles: ANY_ALERT_ROLE },
        schema: {
          ...routeDocs({
            summary: 'Acknowledge an alert',
            description:
              'A person takes the alert on: it is acknowledged by the signed-in user (audited as alert.acknowledged). ' +
              'Only the roles its kind concerns may (late production: planner, supervisor; below reorder point: ' +
              'planner, clerk; near expiry: clerk, supervisor, quality engineer; wave at risk: supervisor, clerk; ' +
              'admins all). If the cause persists ' +
              'the sweep raises it again after the re-raise interval; once the cause is gone it is resolved. ' +
              'Acknowledging it again changes nothing; a resolved alert is refused (409 ALERT_NOT_OPEN).',
            errors: ['NOT_FOUND', 'ALERT_NOT_OPEN'],
          }),
          tags: ['alerts'],
          params,
          response: { 200: alertSummary },
        },
      },
      async (request) => readAlert(await acknowledgeAlert(deps.orm, request.params.id, currentUser(request))),
    );
  };
}
