import type { EntityManager } from '@mikro-orm/postgresql';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { queueMrpRun } from '../../db/planning/mrp-run-repository';
import { MrpRun, type Role } from '../../db/entities';
import { mrpRunWorkflowId } from '../../workflows/mrp-run/mrp-run.contract';
import { mrpRunStart } from '../../workflows/mrp-run/mrp-run.start';
import { currentUser } from '../auth/auth-hook';
import { ApiError } from '../errors';
import { idempotencyHeaders, runIntake, type IntakeContext, type IntakeWork } from '../intake/intake';
import { routeDocs } from '../openapi/route-docs';

/** Who runs MRP. */
const PLANNING_ROLES: readonly Role[] = ['planner', 'admin'];

const isoDate = z.iso.date({ message: 'must be a date (YYYY-MM-DD)' });

export const startMrpRunBody = z.strictObject({
  asOf: isoDate.optional().describe("The run's date, the first bucket's first day (default today)"),
  bucketSize: z.enum(['day', 'week']).default('week'),
  bucketCount: z
    .number()
    .int('must be a whole number of buckets')
    .min(1, 'must be at least 1')
    .max(366, 'must be at most 366')
    .default(52),
  simulation: z.boolean().default(false).describe('A what-if: never reviewed nor released'),
  lotSizingVersion: z
    .number()
    .int()
    .positive()
    .optional()
    .describe('A simulation may plan under this draft lot-sizing version'),
});
export type StartMrpRunBody = z.output<typeof startMrpRunBody>;

const startedMrpRun = z.object({
  id: z.number(),
  workflowId: z.string(),
  status: z.literal('queued'),
  simulation: z.boolean(),
  asOf: z.string(),
  bucketSize: z.enum(['day', 'week']),
  bucketCount: z.number(),
});

/** Live runs that have not finished calculating: only one at a time per company. */
const RUNNING = ['queued', 'calculating'] as const;

/** Queues a run with its process start (one transaction, via the intake); refuses a second live run. */
export async function startMrpRun(
  em: EntityManager,
  body: StartMrpRunBody,
  username: string,
  taskQueue: string,
): Promise<IntakeWork<z.output<typeof startedMrpRun>>> {
  if (body.lotSizingVersion !== undefined && !body.simulation) {
    throw new ApiError(
      'VALIDATION_FAILED',
      'Only a simulation may plan under a lot-sizing version that is not in force: set simulation to true',
      'lotSizingVersion',
    );
  }
  if (!body.simulation) {
    // Serialise concurrent starts on a transaction-level lock, so two requests cannot both find no run going.
    await em.getConnection().execute(`select pg_advisory_xact_lock(hashtext('mrp-run'))`);
    const running = await em.findOne(MrpRun, { simulation: false, status: { $in: [...RUNNING] } });
    if (running) {
      throw new ApiError(
        'MRP_RUN_IN_PROGRESS',
        `MRP run ${running.id} is still ${running.status}: start another when it has finished`,
      );
    }
  }
  const asOf = body.asOf ?? new Date().toISOString().slice(0, 10);
  const run = await queueMrpRun(em, {
    asOf,
    bucketSize: body.bucketSize,
    bucketCount: body.bucketCount,
    simulation: body.simulation,
    lotSizingVersion: body.lotSizingVersion ?? null,
    workflowId: null,
    requestedBy: username,
  });
  run.workflowId = mrpRunWorkflowId(run.id);
  await em.flush();
  return {
    body: {
      id: run.id,
      workflowId: run.workflowId,
      status: 'queued',
      simulation: run.simulation,
      asOf,
      bucketSize: run.bucketSize,
      bucketCount: run.bucketCount,
    },
    starts: [mrpRunStart(run.id, username, taskQueue)],
    audit: {
      actor: username,
      action: 'mrp-run.started',
      entityType: 'mrp_run',
      entityId: String(run.id),
      workflowId: run.workflowId,
      details: { ...body, asOf },
    },
  };
}

/** `POST /api/mrp-runs`: starts a run (its process calculates, then asks a planner to review). */
export function mrpRunStartRoutes(deps: { intake: IntakeContext; taskQueue: string }): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/',
      {
        config: { roles: PLANNING_ROLES },
        schema: {
          ...routeDocs({
            summary: 'Start an MRP run',
            description:
              'Queues a run and starts its mrp-run process: the inputs are read as of one instant (open sales-order ' +
              'lines, forecasts, released production orders, free stock, open purchase lines), every item is ' +
              'lot-sized by the lot-sizing rules in force, the plan is calculated level by level and stored, and a ' +
              "planner's review task opens (a simulation stops after the calculation). Only one live run at a time " +
              '(409 MRP_RUN_IN_PROGRESS); a newer run supersedes a plan still waiting for review. Send an ' +
              'Idempotency-Key to retry safely.',
            errors: ['VALIDATION_FAILED', 'MRP_RUN_IN_PROGRESS', 'PROCESS_UNAVAILABLE', 'IDEMPOTENCY_KEY_REUSED'],
          }),
          tags: ['planning'],
          headers: idempotencyHeaders,
          body: startMrpRunBody,
          response: { 202: startedMrpRun },
        },
      },
      async (request, reply) => {
        const username = currentUser(request).username;
        const route = { route: 'POST /api/mrp-runs', status: 202 as const };
        const { status, body } = await runIntake(deps.intake, request, route, (em) =>
          startMrpRun(em, request.body, username, deps.taskQueue),
        );
        return reply.status(status).send(body);
      },
    );
  };
}
