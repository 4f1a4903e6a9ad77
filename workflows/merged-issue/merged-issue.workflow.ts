import {
  ActivityFailure,
  ApplicationFailure,
  condition,
  continueAsNew,
  getExternalWorkflowHandle,
  proxyActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import { createTaskBoard } from '../human-task';
import { processSteps } from '../process-steps';
import {
  getMergedIssueStateQuery,
  joinMergedIssueSignal,
  MERGED_ISSUE,
  mergedIssuedSignal,
  mergedPickingSignal,
  pickNowSignal,
  withdrawMergedIssueSignal,
  type MergedIssueActivities,
  type MergedIssued,
  type MergedIssueInput,
  type MergedIssuePick,
  type MergedIssueState,
  type MergedIssueStatus,
  type MergedJoin,
} from './merged-issue.contract';
import { findMergedPickProblem, groupMergedLines, inPriorityOrder, shareOf } from './merged-lines';

const { issueMergedShare } = proxyActivities<MergedIssueActivities>({
  startToCloseTimeout: '20 seconds',
  retry: { maximumInterval: '10 seconds' },
});

/** The refusal types an order's issue may end with (stock gone, a lot expired, the order cancelled meanwhile). */
const REFUSALS = new Set(['ISSUE_REFUSED', 'INSUFFICIENT_STOCK']);

/** The order may have ended meanwhile (cancelled): telling it is best effort. */
async function tell(workflowId: string, send: (handle: ReturnType<typeof getExternalWorkflowHandle>) => Promise<void>) {
  await send(getExternalWorkflowHandle(workflowId)).catch(() => undefined);
}

function refusalOf(error: unknown): string | undefined {
  const cause = error instanceof ActivityFailure ? error.cause : undefined;
  if (cause instanceof ApplicationFailure && (cause.nonRetryable || REFUSALS.has(cause.type ?? ''))) {
    return cause.message;
  }
  return undefined;
}

/**
 * A merged issue (`merged-issue:<warehouse>`): production orders join with their merged lines' reservations; the first
 * join opens a gathering window (or the planner's pickNow ends it); then ONE clerk pick task lists per item, bin and lot
 * the total and each order's share; once confirmed, each order's share is issued on its own (in due-date order, once
 * per batch and order) and the order is told. Joins arriving while picking go into the next batch (continue-as-new).
 */
export async function mergedIssue(input: MergedIssueInput): Promise<MergedIssueState> {
  const { runId } = workflowInfo();
  let joins: MergedJoin[] = [...input.pending];
  let next: MergedJoin[] = [];
  const withdrawn = new Set<string>();
  const outcome = new Map<string, { status: 'issued' | 'refused'; refusal?: string }>();
  let pickNow = false;
  const state: MergedIssueState = {
    warehouseCode: input.warehouseCode,
    batchId: runId,
    status: 'gathering',
    step: 'gathering',
    orders: [],
    lines: [],
    taskId: null,
    waiting: [],
  };
  const live = () => joins.filter((join) => !withdrawn.has(join.orderNumber));
  setHandler(getMergedIssueStateQuery, () => ({
    ...state,
    status: state.step,
    orders: inPriorityOrder(joins).map(({ orderNumber, workflowId, dueDate }) => ({
      orderNumber,
      workflowId,
      dueDate,
      status: withdrawn.has(orderNumber) ? 'withdrawn' : (outcome.get(orderNumber)?.status ?? 'joined'),
      ...(outcome.get(orderNumber)?.refusal ? { refusal: outcome.get(orderNumber)?.refusal } : {}),
    })),
    lines: groupMergedLines(live()),
    waiting: next.map((join) => join.orderNumber),
  }));
  const replace = (list: MergedJoin[], join: MergedJoin) => [
    ...list.filter((j) => j.orderNumber !== join.orderNumber),
    join,
  ];
  setHandler(joinMergedIssueSignal, (join) => {
    if (state.step === 'gathering') joins = replace(joins, join);
    else next = replace(next, join);
  });
  setHandler(withdrawMergedIssueSignal, ({ orderNumber }) => {
    next = next.filter((join) => join.orderNumber !== orderNumber);
    if (state.step === 'gathering') joins = joins.filter((join) => join.orderNumber !== orderNumber);
    else withdrawn.add(orderNumber);
  });
  setHandler(pickNowSignal, () => {
    if (state.step === 'gathering') pickNow = true;
  });
  const steps = processSteps<MergedIssueStatus>({ processType: MERGED_ISSUE, businessKey: input.warehouseCode }, state);
  return steps.run(async () => {
    await steps.enter('gathering');
    const windowMs = input.windowMinutes * 60_000;
    // The first join (delivered with the start) opens the window; withdrawals may empty the batch meanwhile.
    if (await condition(() => joins.length > 0, windowMs)) {
      await condition(() => pickNow || joins.length === 0, windowMs);
    }
    if (joins.length > 0) {
      await steps.enter('picking');
      const picked = await pick(input, state, joins, live);
      if (picked) {
        await steps.enter('issuing');
        for (const join of inPriorityOrder(joins)) {
          if (withdrawn.has(join.orderNumber)) continue;
          outcome.set(join.orderNumber, await issueShare(join, state.batchId, picked));
        }
      }
    }
    await steps.enter('issued', 'completed');
    if (next.length > 0) await continueAsNew<typeof mergedIssue>({ ...input, pending: next });
    return state;
  });
}

/** The one clerk pick task of the batch; withdrawn when every order left. Returns the confirmed picks. */
async function pick(
  input: MergedIssueInput,
  state: MergedIssueState,
  joins: MergedJoin[],
  live: () => MergedJoin[],
): Promise<{ picks: MergedIssuePick[]; by: string } | null> {
  state.taskId = `${workflowInfo().workflowId}:${state.batchId}:pick`;
  for (const join of joins) {
    await tell(join.workflowId, (order) => order.signal(mergedPickingSignal, { batchId: state.batchId }));
  }
  const orders = inPriorityOrder(joins).map(({ orderNumber, dueDate }) => ({ orderNumber, dueDate }));
  const outcome = await createTaskBoard().runUntil(
    {
      processType: MERGED_ISSUE,
      businessKey: input.warehouseCode,
      candidateRole: 'clerk',
      taskId: state.taskId,
      taskType: 'production-merged-pick',
      title: `Merged pick in ${input.warehouseCode} for ${joins.length} production orders (${orders.map((o) => o.orderNumber).join(', ')})`,
      priority: 'normal',
      slaMs: input.taskSlaMinutes * 60_000,
      formKind: 'production-merged-pick',
      payload: { warehouseCode: input.warehouseCode, batchId: state.batchId, orders, lines: groupMergedLines(joins) },
      requiredFields: ['picks'],
    },
    // Checked against the task as shown; a share withdrawn meanwhile is picked but not issued (it goes back).
    (answer) => findMergedPickProblem(joins, answer),
    { interruptWhen: () => live().length === 0 },
  );
  state.taskId = null;
  if (outcome.kind !== 'completed') return null;
  return { picks: outcome.completion.payload.picks as MergedIssuePick[], by: outcome.completion.completedBy };
}

/** Issues one order's share (its own postings, key `merged:<batchId>`) and tells the order how it went. */
async function issueShare(
  join: MergedJoin,
  batchId: string,
  picked: { picks: MergedIssuePick[]; by: string },
): Promise<{ status: 'issued' | 'refused'; refusal?: string }> {
  let message: MergedIssued;
  try {
    const issued = await issueMergedShare({
      batchId,
      orderNumber: join.orderNumber,
      workflowId: join.workflowId,
      picks: shareOf(picked.picks, join.orderNumber),
      userName: picked.by,
    });
    message = { batchId, cost: issued.cost, refusal: null };
  } catch (error) {
    const refusal = refusalOf(error);
    if (refusal === undefined) throw error;
    message = { batchId, cost: null, refusal };
  }
  await tell(join.workflowId, (order) => order.signal(mergedIssuedSignal, message));
  return message.refusal === null ? { status: 'issued' } : { status: 'refused', refusal: message.refusal };
}
