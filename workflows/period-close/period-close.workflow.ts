import {
  ActivityFailure,
  ApplicationFailure,
  condition,
  patched,
  proxyActivities,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { createActivities } from '../../activities';
import { createTaskBoard } from '../human-task';
import { CURRENT_STEP } from '../search-attributes';
import {
  abandonCloseUpdate,
  CLOSE_FINISHED,
  getPeriodCloseStateQuery,
  PERIOD_CLOSE,
  PERIOD_CLOSE_STEPS,
  recheckCloseSignal,
  type AbandonCloseArgs,
  type PeriodCloseInput,
  type PeriodCloseState,
  type PeriodCloseStep,
} from './period-close.contract';

/** Reconciliations and closing balances read the whole ledger: minutes on a large installation. */
const CLOSE_ACTIVITY = { startToCloseTimeout: '5 minutes', retry: { maximumInterval: '30 seconds' } } as const;
const {
  softLockForClose,
  checkClosePreconditions,
  reconcileCloseSubledgers,
  absorbCloseOverhead,
  reportCloseVariances,
  closeFiscalYearEnd,
  storeCloseBalances,
  proveCloseBooks,
  hardLockClosedPeriod,
  abandonPeriodClose,
  recordProcessStep,
} = proxyActivities<ReturnType<typeof createActivities>>(CLOSE_ACTIVITY);

/** Raised inside the run when a controller abandons the close; caught once, at the top. */
class Abandoned extends Error {}

/**
 * The period close (issue 17) as a checklist that proves each step or stops and says why: (1) soft lock -> (2)
 * preconditions (earlier months closed, no open receipt/pick/issue/completion task dated in or before the month, no
 * running revaluation) -> (3) each subledger against its control account -> (4) labour and overhead distributed to the
 * period's production orders by the cost-distribution rules (one entry per attempt) -> (6) in the fiscal year's last month
 * the P&L accounts closed to retained earnings (one entry per attempt), then the closing balances stored -> (7) the
 * proof (a retry after a failed one runs the year end again first, in the year's last month) -> (8) a controller's
 * approval, never by the one who started the close (four-eyes) -> hard lock. A step that finds a problem stops and
 * shows it; it checks again on a `recheck` signal or by itself every few minutes. Until
 * the close ends the period stays soft-locked; `abandon` (a controller's, audited) lifts the lock and ends it. Every
 * activity is idempotent, so a crashed worker resumes where it stopped.
 */
export async function periodClose(input: PeriodCloseInput): Promise<PeriodCloseState> {
  const { workflowId, runId } = workflowInfo();
  const recheckMs = (input.recheckEveryMinutes ?? 10) * 60_000;
  const state: PeriodCloseState = {
    periodCode: input.periodCode,
    attempt: input.attempt,
    startedBy: input.startedBy,
    status: 'running',
    currentStep: 'soft-lock',
    steps: PERIOD_CLOSE_STEPS.map((step) => ({ step, status: 'pending', problems: [], at: null })),
    blockers: [],
    reconciliations: [],
    absorption: null,
    varianceReport: null,
    yearEnd: null,
    yearEndRetries: [],
    closingBalances: null,
    proof: null,
    approvalTaskId: null,
    approvedBy: null,
    abandonedBy: null,
    abandonReason: null,
    rechecks: 0,
  };
  let abandon: AbandonCloseArgs | null = null;
  const tasks = createTaskBoard();
  setHandler(getPeriodCloseStateQuery, () => state);
  setHandler(recheckCloseSignal, () => {
    state.rechecks += 1;
  });
  setHandler(
    abandonCloseUpdate,
    async (args: AbandonCloseArgs) => {
      abandon ??= args;
      await condition(() => state.status === 'abandoned' || state.status === 'closed');
      return state;
    },
    {
      validator: (args: AbandonCloseArgs) => {
        if (!args?.by || !args.reason?.trim()) throw new Error('TASK_PAYLOAD_INVALID: a reason is required');
        if (state.status === 'closed' || state.status === 'abandoned')
          throw new Error(`${CLOSE_FINISHED}: the close of ${input.periodCode} has already ended (${state.status})`);
        const approved = state.currentStep === 'hard-lock' || tasks.isAccepted(state.approvalTaskId);
        if (approved && state.status !== 'blocked')
          throw new Error(`${CLOSE_FINISHED}: the close of ${input.periodCode} is approved and being locked`);
      },
    },
  );

  const instance = { processType: PERIOD_CLOSE, businessKey: input.periodCode };
  const stepOf = (step: PeriodCloseStep) => state.steps.find((s) => s.step === step) ?? state.steps[0]!;
  const mark = (step: PeriodCloseStep, status: 'running' | 'blocked' | 'done', problems: string[] = []) => {
    const record = stepOf(step);
    record.status = status;
    record.problems = problems;
    record.at = new Date().toISOString();
  };
  const enter = async (step: PeriodCloseStep) => {
    if (abandon) throw new Abandoned();
    state.currentStep = step;
    state.status = step === 'approval' ? 'awaiting-approval' : 'running';
    mark(step, 'running');
    upsertSearchAttributes([{ key: CURRENT_STEP, value: step }]);
    await recordProcessStep({ workflowId, runId, ...instance, step, status: 'running' });
  };
  /**
   * Stops at `step` showing `problems`, until a recheck after `seen` (the count when the failed check began: a recheck
   * sent while it ran, or as soon as the stop shows, is never missed), the timer, or an abandon.
   */
  const stop = async (step: PeriodCloseStep, problems: string[], seen: number) => {
    mark(step, 'blocked', problems);
    state.status = 'blocked';
    upsertSearchAttributes([{ key: CURRENT_STEP, value: `${step}-blocked` }]);
    await recordProcessStep({ workflowId, runId, ...instance, step: `${step}-blocked`, status: 'running' });
    await condition(() => state.rechecks > seen || abandon !== null, recheckMs);
    if (abandon) throw new Abandoned();
    mark(step, 'running');
    state.status = 'running';
  };
  const code = { periodCode: input.periodCode, workflowId };

  try {
    await enter('soft-lock');
    await softLockForClose({ ...code, startedBy: input.startedBy });
    mark('soft-lock', 'done');

    await enter('preconditions');
    for (;;) {
      const seen = state.rechecks;
      state.blockers = await checkClosePreconditions(code);
      if (state.blockers.length === 0) break;
      await stop(
        'preconditions',
        state.blockers.map((b) => b.message),
        seen,
      );
    }
    mark('preconditions', 'done');

    await enter('reconciliations');
    for (;;) {
      const seen = state.rechecks;
      state.reconciliations = await reconcileCloseSubledgers(code);
      const failing = state.reconciliations.filter((r) => !r.reconciled);
      if (failing.length === 0) break;
      await stop(
        'reconciliations',
        failing.map(
          (r) =>
            `${r.name}: subledger ${r.subledgerAtPeriodEnd.toFixed(2)} vs account ${r.account} ${r.accountName} ` +
            `${r.accountAtPeriodEnd.toFixed(2)}, difference ${r.difference.toFixed(2)}`,
        ),
        seen,
      );
    }
    mark('reconciliations', 'done');

    // Step 4 (added later: closes recorded before it replay without it).
    if (patched('period-close-absorption')) {
      await enter('absorption');
      state.absorption = await absorbCloseOverhead({ ...code, attempt: input.attempt, startedBy: input.startedBy });
      mark('absorption', 'done');
    } else {
      mark('absorption', 'done', ['not part of this close: it started before the distribution step existed']);
    }

    // Step 5, the variance report (added later: closes recorded before it replay without it).
    if (patched('period-close-variance-report')) {
      await enter('variance-report');
      state.varianceReport = await reportCloseVariances(code);
      mark('variance-report', 'done');
    } else {
      mark('variance-report', 'done', ['not part of this close: it started before the variance report existed']);
    }

    // Step 6's fiscal year end (added later: closes recorded before it replay without it). Only the fiscal year's
    // last month posts; any other shows the step done with a note.
    const yearEndStep = patched('period-close-year-end');
    if (yearEndStep) {
      await enter('year-end');
      state.yearEnd = await closeFiscalYearEnd({ ...code, attempt: input.attempt, startedBy: input.startedBy });
      mark('year-end', 'done', state.yearEnd.note ? [state.yearEnd.note] : []);
    } else {
      mark('year-end', 'done', ['not part of this close: it started before the fiscal year-end step existed']);
    }

    // A retry after a failed proof runs the fiscal year end again first (added later: closes recorded before it
    // retry without it), so a correction posted to a P&L account meanwhile is closed too; each run is its own round.
    let yearEndRound = 1;
    for (;;) {
      const seen = state.rechecks;
      await enter('closing-balances');
      state.closingBalances = await storeCloseBalances(code);
      mark('closing-balances', 'done');
      await enter('proof');
      // A close from before the year-end step is not held to its check (its P&L accounts were never closed by it);
      // one from before the step-postings check (patch) is not held to its steps' postings.
      const steps = patched('period-close-proof-step-postings')
        ? {
            absorption: state.absorption,
            yearEnd: state.yearEnd,
            ...(state.yearEndRetries.length > 0 ? { yearEndRetries: state.yearEndRetries } : {}),
          }
        : undefined;
      state.proof = await proveCloseBooks({ ...code, yearEndStep, steps });
      if (state.proof.holds) break;
      // A failed proof stops here; a recheck (in the fiscal year's last month, after the year end again) stores the
      // balances again and repeats the proof.
      await stop('proof', state.proof.problems, seen);
      if (state.yearEnd?.yearEnd && patched('period-close-proof-retry-year-end')) {
        yearEndRound += 1;
        await enter('year-end');
        const rerun = await closeFiscalYearEnd({
          ...code,
          attempt: input.attempt,
          startedBy: input.startedBy,
          round: yearEndRound,
        });
        state.yearEndRetries.push(rerun);
        mark('year-end', 'done', rerun.note ? [rerun.note] : []);
      }
    }
    mark('proof', 'done');

    const taskId = `${workflowId}:approval`;
    state.approvalTaskId = taskId;
    await enter('approval');
    const outcome = await tasks.runUntil(
      {
        ...instance,
        candidateRole: 'controller',
        taskId,
        taskType: 'period-close-approval',
        title: `Approve the close of ${input.periodCode} (attempt ${input.attempt})`,
        priority: 'normal',
        slaMs: (input.approvalSlaMinutes ?? 24 * 60) * 60_000,
        formKind: 'period-close-approval',
        payload: {
          periodCode: input.periodCode,
          attempt: input.attempt,
          startedBy: input.startedBy,
          reconciliations: state.reconciliations.map((r) => ({
            name: r.name,
            account: r.account,
            accountAtPeriodEnd: r.accountAtPeriodEnd,
            subledgerAtPeriodEnd: r.subledgerAtPeriodEnd,
            difference: r.difference,
          })),
          proof: state.proof,
        },
        requiredFields: ['decision'],
      },
      (payload, by) => {
        if (by === input.startedBy)
          return `completedBy: four-eyes: ${by} started this close and cannot approve it; another controller must`;
        if (payload.decision !== 'approve' && payload.decision !== 'reject')
          return 'payload.decision must be "approve" or "reject"';
        return undefined;
      },
      { interruptWhen: () => abandon !== null },
    );
    if (outcome.kind !== 'completed') throw new Abandoned();
    if (outcome.completion.payload.decision === 'reject') {
      const comment = outcome.completion.payload.comment;
      abandon = {
        by: outcome.completion.completedBy,
        reason: `rejected at approval${typeof comment === 'string' && comment ? `: ${comment}` : ''}`,
      };
      throw new Abandoned();
    }
    state.approvedBy = outcome.completion.completedBy;
    mark('approval', 'done');

    await enter('hard-lock');
    for (;;) {
      const seen = state.rechecks;
      try {
        await hardLockClosedPeriod({ ...code, approvedBy: state.approvedBy, startedBy: input.startedBy });
        break;
      } catch (error) {
        // The books refused the lock (an earlier month reopened meanwhile): stop and show why, as any step does.
        if (!(error instanceof ActivityFailure && error.cause instanceof ApplicationFailure)) throw error;
        await stop('hard-lock', [error.cause.message], seen);
      }
    }
    mark('hard-lock', 'done');
    state.status = 'closed';
    upsertSearchAttributes([{ key: CURRENT_STEP, value: 'closed' }]);
    await recordProcessStep({ workflowId, runId, ...instance, step: 'closed', status: 'completed' });
    return state;
  } catch (error) {
    if (error instanceof Abandoned && abandon) {
      const by: AbandonCloseArgs = abandon;
      await abandonPeriodClose({ ...code, by: by.by, reason: by.reason });
      state.abandonedBy = by.by;
      state.abandonReason = by.reason;
      state.status = 'abandoned';
      upsertSearchAttributes([{ key: CURRENT_STEP, value: 'abandoned' }]);
      await recordProcessStep({ workflowId, runId, ...instance, step: 'abandoned', status: 'cancelled' });
      return state;
    }
    await recordProcessStep({
      workflowId,
      runId,
      ...instance,
      step: state.currentStep,
      status: 'failed',
      error: error instanceof Error ? error.message : String(error),
    });
    throw error;
  }
}
