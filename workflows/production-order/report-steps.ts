import { patched } from '@temporalio/workflow';
import type { TaskOutcome } from '../human-task';
import type { HumanTaskSpec } from '../human-task.contract';
import { PRODUCTION_REFUSAL, type ProductionOperationState } from './production-order.contract';
import {
  orderTitle,
  production,
  refusalOf,
  showCost,
  type ProductionContext,
  type StepOutcome,
} from './production-proxies';
import { inspectCompletion } from './quality-gate-step';
import { findCompletionReportProblem, findOperationReportProblem } from './report-validation';

const milli = (quantity: number) => Math.round(quantity * 1000);

/** A clerk's report task of the order: withdrawn when a cancel arrives (`cancellable` decides whether it still may). */
function reportTask(
  ctx: ProductionContext,
  spec: Pick<HumanTaskSpec, 'taskId' | 'taskType' | 'title' | 'formKind' | 'payload' | 'requiredFields'>,
  refusal: string | undefined,
  validate: (payload: Record<string, unknown>) => string | undefined,
  cancellable: () => boolean,
): Promise<TaskOutcome> {
  ctx.state.taskId = spec.taskId;
  return ctx.tasks.runUntil(
    {
      ...spec,
      processType: 'production-order',
      businessKey: ctx.order.orderNumber,
      candidateRole: 'clerk',
      priority: refusal === undefined ? 'normal' : 'high',
      slaMs: ctx.input.taskSlaMinutes * 60_000,
      payload: refusal === undefined ? spec.payload : { ...spec.payload, refusal },
    },
    validate,
    { interruptWhen: () => ctx.controls.cancel !== null && cancellable() },
  );
}

/**
 * One operation: its task re-opens (`<workflow>:operation:<seq>:<n>`) until good + scrap reported reach what the
 * operation received; a refusal by the books (more than passed on, backflush short of stock) re-opens it with the reason.
 */
async function runOperation(ctx: ProductionContext, operation: ProductionOperationState): Promise<StepOutcome> {
  const { order, controls } = ctx;
  let refusal: string | undefined;
  for (let round = 1; !operation.done; round += 1) {
    if (controls.cancel) return 'cancel';
    const open = (milli(operation.received) - milli(operation.good) - milli(operation.scrap)) / 1000;
    const outcome = await reportTask(
      ctx,
      {
        taskId: `${ctx.workflowId}:operation:${operation.seq}:${round}`,
        taskType: 'production-operation',
        title: `Report operation ${operation.seq} (${operation.description}, ${operation.workCentreCode}) of production order ${orderTitle(order)}`,
        formKind: 'production-operation',
        payload: { orderNumber: order.orderNumber, itemSku: order.itemSku, ...operation, open },
        requiredFields: ['good', 'scrap', 'labourHours'],
      },
      refusal,
      (payload) => findOperationReportProblem(open, payload),
      () => true,
    );
    ctx.state.taskId = null;
    if (outcome.kind !== 'completed') return 'cancel';
    const { completion } = outcome;
    try {
      const reported = await production.reportOperation({
        workflowId: ctx.workflowId,
        taskId: completion.taskId,
        orderNumber: order.orderNumber,
        seq: operation.seq,
        good: completion.payload.good as number,
        scrap: completion.payload.scrap as number,
        labourHours: completion.payload.labourHours as number,
        userName: completion.completedBy,
        reportedAt: completion.completedAt,
      });
      Object.assign(operation, {
        received: reported.received,
        good: reported.good,
        scrap: reported.scrap,
        done: reported.done,
      });
      showCost(ctx.state, reported.cost);
      refusal = undefined;
    } catch (error) {
      refusal = refusalOf(error, PRODUCTION_REFUSAL.report);
      if (refusal === undefined) throw error;
    }
  }
  return 'done';
}

/** The operations in seq order, each receiving what the one before passed on (the first: the order quantity). */
export async function runOperations(ctx: ProductionContext): Promise<StepOutcome> {
  let received = ctx.order.quantity;
  for (const operation of ctx.state.operations) {
    operation.received = received;
    if (received <= 0) operation.done = true;
    if ((await runOperation(ctx, operation)) === 'cancel') return 'cancel';
    received = operation.good;
  }
  return 'done';
}

/**
 * Completion: receipts of finished goods until all the last operation passed on is received. A cancel is honoured
 * only before the first receipt (finished goods in stock are no longer returned as components). Behind the quality
 * gate, goods of an item with an inspection plan land in quarantine and each such receipt opens its inspection lot.
 */
export async function runCompletion(ctx: ProductionContext): Promise<StepOutcome> {
  const { state, order } = ctx;
  const last = state.operations[state.operations.length - 1];
  const finished = last ? last.good : order.quantity;
  let refusal: string | undefined;
  for (let round = 1; ; round += 1) {
    const available = (milli(finished) - milli(state.completedQuantity)) / 1000;
    if (available <= 0) return 'done';
    if (ctx.controls.cancel && state.completedQuantity === 0) return 'cancel';
    const outcome = await reportTask(
      ctx,
      {
        taskId: `${ctx.workflowId}:completion:${round}`,
        taskType: 'production-completion',
        title: `Receive the finished goods of production order ${orderTitle(order)}`,
        formKind: 'production-completion',
        payload: { orderNumber: order.orderNumber, itemSku: order.itemSku, available },
        requiredFields: ['good', 'toLocation'],
      },
      refusal,
      (payload) => findCompletionReportProblem(available, payload),
      () => state.completedQuantity === 0,
    );
    state.taskId = null;
    if (outcome.kind !== 'completed') return 'cancel';
    const { completion } = outcome;
    // Instances started before the quality gate (no `production-quality-gate` marker) receive everything available.
    const qualityGate = patched('production-quality-gate');
    try {
      const received = await production.completeProductionOrder({
        workflowId: ctx.workflowId,
        taskId: completion.taskId,
        orderNumber: order.orderNumber,
        good: completion.payload.good as number,
        toLocation: completion.payload.toLocation as string,
        userName: completion.completedBy,
        reportedAt: completion.completedAt,
        ...(qualityGate ? { qualityGate: true } : {}),
      });
      state.completedQuantity = received.completedQuantity;
      showCost(state, received.cost);
      refusal = undefined;
      if (qualityGate) await inspectCompletion(ctx, received, completion.completedBy);
      if (received.completed) return 'done';
    } catch (error) {
      refusal = refusalOf(error, PRODUCTION_REFUSAL.report);
      if (refusal === undefined) throw error;
    }
  }
}
