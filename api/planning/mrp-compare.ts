import type { MikroORM } from '@mikro-orm/postgresql';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Role } from '../../db/entities';
import { routeDocs } from '../openapi/route-docs';
import { compareMrpRuns } from './mrp-compare-read';
import { compareQuery, mrpComparison } from './mrp-compare-schemas';
import { mrpRunIdParams } from './mrp-run-read-schemas';

/** Who reads plans: planners, their supervisors, admins and auditors. */
const PLAN_READERS: readonly Role[] = ['planner', 'supervisor', 'admin', 'auditor'];

/** `GET /api/mrp-runs/:id/compare`: a run's plan (typically a simulation) beside the live plan. Reads only. */
export function mrpCompareRoutes(orm: MikroORM): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/:id/compare',
      {
        config: { roles: PLAN_READERS },
        schema: {
          ...routeDocs({
            summary: "Compare an MRP run's plan with another (a what-if with the live plan)",
            description:
              'Per item and bucket the difference (this run minus `against`) of gross requirements, planned ' +
              'receipts, planned releases and projected on hand, only the items and buckets that differ, with per ' +
              'item totals; and the planned orders added, removed or changed (matched by item, type and receipt ' +
              'date). `against` defaults to the latest live run whose plan is stored (review, approved or ' +
              'released). Buckets are aligned by their start dates, not their positions: runs of different dates ' +
              'are compared on the buckets both horizons hold (`comparedBuckets`); the first bucket of each run ' +
              'also holds what is past due on its date. 404 naming the run (id) or `against`; 400 naming ' +
              '`against` when the bucket sizes differ or the horizons share no bucket start, or naming the run ' +
              'without a stored plan. Reads only.',
            errors: ['VALIDATION_FAILED', 'NOT_FOUND'],
          }),
          tags: ['planning'],
          params: mrpRunIdParams,
          querystring: compareQuery,
          response: { 200: mrpComparison },
        },
      },
      async (request) => compareMrpRuns(orm.em.fork(), request.params.id, request.query.against),
    );
  };
}
