import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { MikroORM } from '@mikro-orm/postgresql';
import { listPeriods } from '../../db/repositories/period-repository';
import { ANY_ROLE, currentUser } from '../auth/auth-hook';
import { liftSoftLock, reopenPeriod, softLockPeriod } from './period-service';
import { routeDocs } from '../openapi/route-docs';

const periodSchema = z.object({
  code: z.string(),
  startsOn: z.string(),
  endsOn: z.string(),
  /** `soft-locked`: a close is under way; only its own postings and controller adjustments land. */
  status: z.enum(['open', 'soft-locked', 'closed']),
  closedAt: z.string().nullable(),
  closedBy: z.string().nullable(),
  /** Why the period was closed (the reason given at its latest close), while it is closed. */
  closeReason: z.string().nullable(),
  /** Journal entries posted in the period. */
  entries: z.number(),
});

const periodParams = z.object({ code: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'code must be YYYY-MM') });
const actBody = z.object({ reason: z.string().trim().max(500).optional() }).nullish();
/** Reopening needs its reason: the period list and the audit log show it beside who acted. */
const closeBody = z.object({
  reason: z.string({ error: 'reason is required' }).trim().min(1, 'reason is required').max(500),
});

/**
 * Accounting periods: everyone reads them; only controllers reopen. Closing is the period-close process's
 * (period-close-routes.ts: `POST /:code/close` and `/:code/close/start`), never a bare status change.
 */
export function periodRoutes(orm: MikroORM): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/',
      {
        config: { roles: ANY_ROLE },
        schema: {
          ...routeDocs({
            summary: 'List accounting periods',
            description:
              'Every accounting period with its status, who closed it and how many journal entries it holds. Reads only.',
          }),
          tags: ['periods'],
          response: { 200: z.object({ items: z.array(periodSchema) }) },
        },
      },
      async () => ({ items: await listPeriods(orm.em.fork()) }),
    );

    app.post(
      '/:code/reopen',
      {
        config: { roles: ['controller'] },
        schema: {
          ...routeDocs({
            summary: 'Reopen an accounting period',
            description:
              "Reopens a closed period so postings may land in it again: a controller's act, audited with the " +
              'required reason. Only the latest closed month reopens; its stored closing balances and those of every ' +
              'later month are marked invalid. Refused when the period is unknown or not closed.',
            errors: ['PERIOD_NOT_FOUND', 'PERIOD_NOT_CLOSED', 'PERIOD_OUT_OF_ORDER'],
          }),
          tags: ['periods'],
          params: periodParams,
          body: closeBody,
          response: { 200: periodSchema },
        },
      },
      async (request) =>
        reopenPeriod(orm, {
          code: request.params.code,
          actor: currentUser(request).username,
          reason: request.body.reason,
        }),
    );

    app.post(
      '/:code/soft-lock',
      {
        config: { roles: ['controller'] },
        schema: {
          ...routeDocs({
            summary: 'Soft-lock an accounting period for its close',
            description:
              "Starts the close's lock on the period: from then on only the close's own postings and a controller's " +
              'audited adjustments land in it; any other document dated in it is refused with 409 PERIOD_SOFT_LOCKED. ' +
              'Idempotent; audited with the optional reason. Refused when the period is unknown or already closed.',
            errors: ['PERIOD_NOT_FOUND', 'PERIOD_ALREADY_CLOSED'],
          }),
          tags: ['periods'],
          params: periodParams,
          body: actBody,
          response: { 200: periodSchema },
        },
      },
      async (request) =>
        softLockPeriod(orm, {
          code: request.params.code,
          actor: currentUser(request).username,
          reason: request.body?.reason || undefined,
        }),
    );

    app.post(
      '/:code/lift-soft-lock',
      {
        config: { roles: ['controller'] },
        schema: {
          ...routeDocs({
            summary: 'Lift the soft lock of an accounting period',
            description:
              'Opens a soft-locked period again (the close was abandoned): postings land in it as before. Idempotent; ' +
              'audited with the optional reason. Refused when the period is unknown or already closed.',
            errors: ['PERIOD_NOT_FOUND', 'PERIOD_ALREADY_CLOSED'],
          }),
          tags: ['periods'],
          params: periodParams,
          body: actBody,
          response: { 200: periodSchema },
        },
      },
      async (request) =>
        liftSoftLock(orm, {
          code: request.params.code,
          actor: currentUser(request).username,
          reason: request.body?.reason || undefined,
        }),
    );
  };
}
