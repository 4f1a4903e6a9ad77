import type { EntityManager } from '@mikro-orm/postgresql';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { queueMrpRun } from '../../db/planning/mrp-run-repository';
import { whatIfProblems, type WhatIf } from '../../db/planning/what-if';
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
  extraDemand: z
    .array(
      z.strictObject({
        itemSku: z.string().trim().min(1, 'must name an item'),
        date: isoDate,
        quantity: z
          .number()
          .positive('must be more than 0')
          .max(1_000_000_000, 'must be at most 1,000,000,000')
          .multipleOf(0.001, 'must have at most 3 decimals'),
        note: z.string().trim().max(200, 'must be at most 200 characters').optional(),
      }),
    )
    .max(200, 'must be at most 200 lines')
    .default([])
    .describe("A simulation's hypothetical demand, pegged as `what-if #n` (n: the line's position from 1)"),
  leadTimes: z
    .array(
      z.strictObject({
        supplierCode: z.string().trim().min(1, 'must name a supplier'),
        itemSku: z.string().trim().min(1, 'must name an item').optional(),
        leadTimeDays: z.number().int('must be a whole number of days').min(0, 'must be 0 or more').max(3650),
      }),
    )
    .max(100, 'must be at most 100 lines')
    .default([])
    .describe(
      "A simulation's changed supplier lead times: for the items it is the preferred supplier of, or one item " +
        '(wins over the supplier-wide change)',
    ),
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
  const whatIf = await checkedWhatIf(em, body);
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
  run.whatIf = whatIf as unknown as Record<string, unknown> | null;
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

/** The simulation's what-if (null: none), every item and supplier it names checked; 400 naming the field else. */
async function checkedWhatIf(em: EntityManager, body: StartMrpRunBody): Promise<WhatIf | null> {
  const whatIf: WhatIf = { extraDemand: body.extraDemand, leadTimes: body.leadTimes };
  if (whatIf.extraDemand.length === 0 && whatIf.leadTimes.length === 0) return null;
  if (!body.simulation) {
    const field = whatIf.extraDemand.length > 0 ? 'extraDemand' : 'leadTimes';
    throw new ApiError('VALIDATION_FAILED', `Only a simulation may carry ${field}: set simulation to true`, field);
  }
  const problems = await whatIfProblems(em, whatIf);
  const [first] = problems;
  if (first) throw new ApiError('VALIDATION_FAILED', first.message, first.path, problems);
  return whatIf;
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
              "planner's review task opens (a simulation stops after the calculation). A simulation may plan under a " +
              'draft lot-sizing version, with extra hypothetical demand (`extraDemand`, pegged as `what-if #n`) and ' +
              "with suppliers' lead times changed (`leadTimes`): 400 naming the field when a live run carries them " +
              'or a line names an unknown item or supplier; nothing is ever reviewed or released from it. Only one live run at a time ' +
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
