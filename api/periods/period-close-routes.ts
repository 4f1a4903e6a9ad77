import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { WorkflowNotFoundError, WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { earliestOpenBefore, lockPeriod, lockPeriodAdministration } from '../../db/repositories/period-repository';
import { num, query } from '../../db/sql';
import {
  abandonCloseUpdate,
  CLOSE_FINISHED,
  getPeriodCloseStateQuery,
  PERIOD_CLOSE,
  periodCloseWorkflowId,
  recheckCloseSignal,
  type PeriodCloseInput,
  type PeriodCloseState,
} from '../../workflows/period-close/period-close.contract';
import { ANY_ROLE, currentUser } from '../auth/auth-hook';
import { ApiError } from '../errors';
import { idempotencyHeaders, runIntake, type IntakeContext } from '../intake/intake';
import { routeDocs } from '../openapi/route-docs';
import { updateRejection } from '../update-rejection';

export interface PeriodCloseRouteDeps {
  orm: MikroORM;
  temporal: Client;
  taskQueue: string;
  intake: IntakeContext;
  /** How long `POST /:code/close` waits for the close to come to rest (default 30 s). */
  oneButtonWaitMs?: number;
}

/** The audit action that records each close attempt's start: the attempts of a period are counted from it. */
const STARTED = 'period-close.started';
const CLOSE_ROLES = ['controller', 'admin'] as const;

const periodParams = z.object({ code: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'code must be YYYY-MM') });
const startBody = z
  .object({
    approvalSlaMinutes: z
      .number()
      .int()
      .min(1)
      .max(30 * 24 * 60)
      .optional(),
    recheckEveryMinutes: z
      .number()
      .int()
      .min(1)
      .max(24 * 60)
      .optional(),
  })
  .nullish();
/** The one button's reason: required, audited with the start. */
const closeBody = z.object({
  reason: z.string({ error: 'reason is required' }).trim().min(1, 'reason is required').max(500),
});
/** How long the one-button close waits for the close to come to rest before answering 202 with its state. */
const ONE_BUTTON_WAIT_MS = 30_000;
const RESTING: ReadonlyArray<PeriodCloseState['status']> = ['blocked', 'awaiting-approval', 'closed', 'abandoned'];

/** The one button's refusal of a close stopped at a step: each failed checklist item named (step and problem). */
function blockedRefusal(workflowId: string, state: PeriodCloseState): ApiError {
  const blocked = state.steps.filter((step) => step.status === 'blocked');
  const details = blocked.flatMap((step) => step.problems.map((message) => ({ path: `steps.${step.step}`, message })));
  return new ApiError(
    'PERIOD_CLOSE_BLOCKED',
    `The close of ${state.periodCode} (${workflowId}) stopped at ${blocked.map((step) => step.step).join(', ')}: ` +
      `${details.map((detail) => detail.message).join('; ')}. It stays soft-locked: correct and recheck, or abandon it`,
    'code',
    details,
  );
}

const abandonBody = z.object({
  reason: z.string({ error: 'reason is required' }).trim().min(1, 'reason is required').max(500),
});
const started = z.object({ periodCode: z.string(), attempt: z.number(), workflowId: z.string() });
const closeStatus = z.object({
  periodCode: z.string(),
  periodStatus: z.string(),
  attempt: z.number(),
  workflowId: z.string(),
  /** The close's live state (steps, blockers, reconciliation figures, proof); null while its start is queued. */
  state: z.record(z.string(), z.unknown()).nullable(),
});

/** The latest attempt of the period's close (0: never started). */
async function latestAttempt(em: EntityManager, code: string): Promise<number> {
  const [row] = await query<{ n: string }>(
    em,
    `select count(*) as n from audit_log where action = ? and entity_type = 'accounting_period' and entity_id = ?`,
    [STARTED, code],
  );
  return num(row?.n ?? 0);
}

/** Whether the close `workflowId` is still going (running in Temporal and not ended, or its start still queued). */
async function isRunning(em: EntityManager, temporal: Client, workflowId: string): Promise<boolean> {
  try {
    const handle = temporal.workflow.getHandle(workflowId);
    if ((await handle.describe()).status.name !== 'RUNNING') return false;
    // An abandoned or closed close answers its caller just before its run completes: it has ended all the same.
    const state = await handle.query(getPeriodCloseStateQuery);
    return state.status !== 'abandoned' && state.status !== 'closed';
  } catch (error) {
    if (!(error instanceof WorkflowNotFoundError)) throw error;
    const [queued] = await query<{ n: string }>(
      em,
      `select count(*) as n from process_start_outbox where workflow_id = ? and status = 'pending'`,
      [workflowId],
    );
    return num(queued?.n ?? 0) > 0;
  }
}

/**
 * The period close as a process (workflows/period-close): start an attempt, read its checklist, ask it to check a
 * stopped step again, abandon it. The one-button `POST /:code/close` runs the same process and answers with its
 * outcome: no month closes without the checklist, the proof and a second controller's approval.
 */
export function periodCloseRoutes(deps: PeriodCloseRouteDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/:code/close/start',
      {
        config: { roles: [...CLOSE_ROLES] },
        schema: {
          ...routeDocs({
            summary: 'Start the close of an accounting period',
            description:
              'Starts the period-close process (`period-close:<YYYY-MM>:<attempt>`): soft lock, preconditions, ' +
              'subledger reconciliations, closing balances, the proof, then a second controller approves and the period ' +
              'is hard-locked. Refused when the period is unknown, already closed, an earlier month is still open, or a ' +
              'close of it is already running. Audited. Send an Idempotency-Key to retry safely.',
            errors: [
              'PERIOD_NOT_FOUND',
              'PERIOD_ALREADY_CLOSED',
              'PERIOD_OUT_OF_ORDER',
              'DUPLICATE',
              'PROCESS_UNAVAILABLE',
              'IDEMPOTENCY_KEY_REUSED',
            ],
          }),
          tags: ['periods'],
          headers: idempotencyHeaders,
          params: periodParams,
          body: startBody,
          response: { 201: started },
        },
      },
      async (request, reply) => {
        const { status, body } = await startClose(request, request.params.code, 'POST /api/periods/:code/close/start', {
          approvalSlaMinutes: request.body?.approvalSlaMinutes,
          recheckEveryMinutes: request.body?.recheckEveryMinutes,
        });
        return reply.status(status).send(body);
      },
    );

    app.post(
      '/:code/close',
      {
        config: { roles: [...CLOSE_ROLES] },
        schema: {
          ...routeDocs({
            summary: 'Close an accounting period (the one button)',
            description:
              'Runs the period-close process, never around it: starts an attempt as `POST /:code/close/start` does (or ' +
              'joins the one already running), waits a little for it to come to rest and answers with its outcome. A ' +
              'close that stops at a step (a blocking task, a reconciliation difference, a failed proof) is refused ' +
              '409 PERIOD_CLOSE_BLOCKED naming each failed checklist item in `details` (the close stays, soft-locked, ' +
              'for a recheck or an abandon); a close awaiting its approval (four-eyes: another controller approves the ' +
              'task) or still running answers 202 with its state; a closed one 200. The reason is required and ' +
              'audited with the start. Refused when the period is unknown, already closed or an earlier month is open.',
            errors: [
              'PERIOD_NOT_FOUND',
              'PERIOD_ALREADY_CLOSED',
              'PERIOD_OUT_OF_ORDER',
              'PERIOD_CLOSE_BLOCKED',
              'PROCESS_UNAVAILABLE',
              'IDEMPOTENCY_KEY_REUSED',
            ],
          }),
          tags: ['periods'],
          headers: idempotencyHeaders,
          params: periodParams,
          body: closeBody,
          response: { 200: closeStatus, 202: closeStatus },
        },
      },
      async (request, reply) => {
        const { code } = request.params;
        let workflowId: string;
        try {
          const { body } = await startClose(request, code, 'POST /api/periods/:code/close', {
            reason: request.body.reason,
          });
          workflowId = body.workflowId;
        } catch (error) {
          // A close of the period already running: the button answers with that close's outcome.
          if (!(error instanceof ApiError && error.code === 'DUPLICATE')) throw error;
          workflowId = await runningClose(code);
        }
        const state = await restingState(workflowId, deps.oneButtonWaitMs ?? ONE_BUTTON_WAIT_MS);
        if (state?.status === 'blocked') throw blockedRefusal(workflowId, state);
        const [period] = await query<{ status: string }>(
          deps.orm.em.fork(),
          'select status from accounting_period where code = ?',
          [code],
        );
        return reply.status(state?.status === 'closed' ? 200 : 202).send({
          periodCode: code,
          periodStatus: period?.status ?? 'unknown',
          attempt: state?.attempt ?? Number(workflowId.split(':').at(-1)),
          workflowId,
          state: state as unknown as Record<string, unknown> | null,
        });
      },
    );

    app.get(
      '/:code/close/status',
      {
        config: { roles: ANY_ROLE },
        schema: {
          ...routeDocs({
            summary: "Read the close's checklist",
            description:
              "The latest close attempt of the period: each step's status, what blocks it (periods, tasks, revaluations), " +
              'each reconciliation with the account, the amounts and the difference, the closing balances and the proof. ' +
              'Reads only.',
            errors: ['NOT_FOUND', 'PROCESS_UNAVAILABLE'],
          }),
          tags: ['periods'],
          params: periodParams,
          response: { 200: closeStatus },
        },
      },
      async (request) => {
        const { code } = request.params;
        const em = deps.orm.em.fork();
        const attempt = await latestAttempt(em, code);
        const [period] = await query<{ status: string }>(em, 'select status from accounting_period where code = ?', [
          code,
        ]);
        if (attempt === 0 || !period) throw new ApiError('NOT_FOUND', `No close of ${code} was started`, 'code');
        const workflowId = periodCloseWorkflowId(code, attempt);
        let state: PeriodCloseState | null = null;
        try {
          state = await deps.temporal.workflow.getHandle(workflowId).query(getPeriodCloseStateQuery);
        } catch (error) {
          if (!(error instanceof WorkflowNotFoundError)) throw error;
        }
        return {
          periodCode: code,
          periodStatus: period.status,
          attempt,
          workflowId,
          state: state as unknown as Record<string, unknown> | null,
        };
      },
    );

    app.post(
      '/:code/close/recheck',
      {
        config: { roles: [...CLOSE_ROLES] },
        schema: {
          ...routeDocs({
            summary: 'Check a stopped close step again',
            description:
              'Asks the running close to check its stopped step now (a blocking task done, a wrong posting corrected) ' +
              'instead of at its next timer. Refused when no close of the period is running.',
            errors: ['NOT_FOUND'],
          }),
          tags: ['periods'],
          params: periodParams,
          response: { 202: z.object({ workflowId: z.string() }) },
        },
      },
      async (request, reply) => {
        const workflowId = await runningClose(request.params.code);
        await deps.temporal.workflow.getHandle(workflowId).signal(recheckCloseSignal);
        return reply.status(202).send({ workflowId });
      },
    );

    app.post(
      '/:code/close/abandon',
      {
        // Lifting the soft lock is a controller's act, as `/:code/lift-soft-lock` is.
        config: { roles: ['controller'] },
        schema: {
          ...routeDocs({
            summary: 'Abandon the close of an accounting period',
            description:
              "A controller ends the running close: the period's soft lock is lifted (postings land in it again) and the act is " +
              'audited with who and the required reason. Refused when no close is running or it is already approved.',
            errors: ['VALIDATION_FAILED', 'NOT_FOUND', 'PERIOD_ALREADY_CLOSED'],
          }),
          tags: ['periods'],
          params: periodParams,
          body: abandonBody,
          response: { 200: closeStatus },
        },
      },
      async (request) => {
        const { code } = request.params;
        const workflowId = await runningClose(code);
        const by = currentUser(request).username;
        try {
          const state = await deps.temporal.workflow
            .getHandle(workflowId)
            .executeUpdate(abandonCloseUpdate, { args: [{ by, reason: request.body.reason }] });
          const [period] = await query<{ status: string }>(
            deps.orm.em.fork(),
            'select status from accounting_period where code = ?',
            [code],
          );
          return {
            periodCode: code,
            periodStatus: period?.status ?? 'unknown',
            attempt: state.attempt,
            workflowId,
            state: state as unknown as Record<string, unknown>,
          };
        } catch (error) {
          if (error instanceof WorkflowUpdateFailedError) {
            const refusal = updateRejection(
              error,
              { [CLOSE_FINISHED]: 'PERIOD_ALREADY_CLOSED', TASK_PAYLOAD_INVALID: 'VALIDATION_FAILED' },
              /^(reason)/,
            );
            if (refusal) throw refusal;
          }
          throw error;
        }
      },
    );

    /**
     * Starts the next close attempt of the period (refused when it is unknown, closed, an earlier month is open, or a
     * close of it runs: DUPLICATE); audited with the attempt (and the reason, from the one button).
     */
    async function startClose(
      request: FastifyRequest,
      code: string,
      routeName: string,
      options: { approvalSlaMinutes?: number; recheckEveryMinutes?: number; reason?: string },
    ): Promise<{ status: 201; body: { periodCode: string; attempt: number; workflowId: string } }> {
      const username = currentUser(request).username;
      return runIntake(deps.intake, request, { route: routeName, status: 201 as const }, async (em) => {
        await lockPeriodAdministration(em);
        const periodStatus = await lockPeriod(em, code);
        if (!periodStatus) throw new ApiError('PERIOD_NOT_FOUND', `No accounting period ${code}`, 'code');
        if (periodStatus === 'closed')
          throw new ApiError('PERIOD_ALREADY_CLOSED', `Period ${code} is already closed`, 'code');
        const earlier = await earliestOpenBefore(em, code);
        if (earlier) {
          const message = `Period ${earlier} is still open: close it before ${code} (months close in order)`;
          throw new ApiError('PERIOD_OUT_OF_ORDER', message, 'code');
        }
        const previous = await latestAttempt(em, code);
        if (previous > 0 && (await isRunning(em, deps.temporal, periodCloseWorkflowId(code, previous)))) {
          throw new ApiError(
            'DUPLICATE',
            `The close of ${code} is already running (${periodCloseWorkflowId(code, previous)}): finish or abandon it first`,
            'code',
          );
        }
        const attempt = previous + 1;
        const workflowId = periodCloseWorkflowId(code, attempt);
        const input: PeriodCloseInput = {
          periodCode: code,
          attempt,
          startedBy: username,
          approvalSlaMinutes: options.approvalSlaMinutes,
          recheckEveryMinutes: options.recheckEveryMinutes,
        };
        return {
          body: { periodCode: code, attempt, workflowId },
          starts: [
            {
              workflowId,
              workflowType: 'periodClose',
              processType: PERIOD_CLOSE,
              businessKey: code,
              taskQueue: deps.taskQueue,
              args: [input],
              requestedBy: username,
            },
          ],
          audit: {
            actor: username,
            action: STARTED,
            entityType: 'accounting_period',
            entityId: code,
            workflowId,
            details: options.reason ? { attempt, reason: options.reason } : { attempt },
          },
        };
      });
    }

    /**
     * The close's state once it comes to rest (stopped at a step, awaiting its approval, closed or abandoned), or as
     * last seen after `waitMs` (null while its start is still queued).
     */
    async function restingState(workflowId: string, waitMs: number): Promise<PeriodCloseState | null> {
      const until = Date.now() + waitMs;
      let state: PeriodCloseState | null = null;
      for (;;) {
        try {
          state = await deps.temporal.workflow.getHandle(workflowId).query(getPeriodCloseStateQuery);
        } catch (error) {
          if (!(error instanceof WorkflowNotFoundError)) throw error;
        }
        if (state && RESTING.includes(state.status)) return state;
        if (Date.now() >= until) return state;
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    }

    /** The workflow id of the period's running close; 404 when none runs. */
    async function runningClose(code: string): Promise<string> {
      const em = deps.orm.em.fork();
      const attempt = await latestAttempt(em, code);
      const workflowId = periodCloseWorkflowId(code, attempt);
      if (attempt === 0 || !(await isRunning(em, deps.temporal, workflowId)))
        throw new ApiError('NOT_FOUND', `No close of ${code} is running`, 'code');
      return workflowId;
    }
  };
}
