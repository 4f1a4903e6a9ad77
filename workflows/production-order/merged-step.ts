import {
  condition,
  getExternalWorkflowHandle,
  patched,
  proxyActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import {
  mergedIssuedSignal,
  mergedIssueWorkflowId,
  mergedPickingSignal,
  withdrawMergedIssueSignal,
  type MergedIssueActivities,
} from '../merged-issue/merged-issue.contract';
import { mergedIssueStart } from '../merged-issue/merged-issue.start';
import { issuePicked, pickKit, reserveReady } from './kit-step';
import type { KitPick, MergedLinesState } from './production-order.contract';
import { production, showCost, type ProductionContext, type StepOutcome } from './production-proxies';

const { joinMergedIssue } = proxyActivities<MergedIssueActivities>({
  startToCloseTimeout: '20 seconds',
  retry: { maximumInterval: '10 seconds' },
});

/**
 * Whether the order's merged lines go through a merged-issue batch. Runs recorded before it (`patched`) kept picking
 * merged lines with their own kit, and replay so; so does an order released before the warehouse was in its result.
 */
export function takesMergedPath(ctx: ProductionContext): boolean {
  const merged = ctx.state.components.some((line) => line.mode === 'merged');
  return merged && ctx.order.warehouseCode !== undefined && patched('merged-issue');
}

/** The batch's `mergedPicking` and `mergedIssued` signals, as the state shows them and the step waits for them. */
function listen(ctx: ProductionContext): NonNullable<ProductionContext['merged']> {
  if (ctx.merged) return ctx.merged;
  const merged: NonNullable<ProductionContext['merged']> = { issued: null };
  ctx.merged = merged;
  setHandler(mergedPickingSignal, ({ batchId }) => {
    if (ctx.state.merged?.status === 'waiting') ctx.state.merged = { ...ctx.state.merged, batchId, status: 'picking' };
  });
  setHandler(mergedIssuedSignal, (message) => {
    merged.issued = message;
  });
  return merged;
}

const setMerged = (ctx: ProductionContext, change: Partial<MergedLinesState>) => {
  const warehouseCode = ctx.order.warehouseCode ?? '';
  const base = ctx.state.merged ?? { warehouseCode, batchId: null, status: 'waiting', refusal: null };
  ctx.state.merged = { ...base, ...change };
};

const pending = (ctx: ProductionContext) =>
  ctx.state.merged?.status === 'waiting' || ctx.state.merged?.status === 'picking';

/**
 * The material step with merged lines: reserve (waiting for stock as the kit does), join the warehouse's merged
 * batch with the merged lines' reserved picks, pick and issue the kit lines as usual meanwhile, then wait durably for
 * the batch's `mergedIssued` (a refused share reserves again and joins the next batch). A cancel while the order is
 * in a batch withdraws it from the batch (its reservations are released by the order's cancel).
 */
export async function runMaterial(ctx: ProductionContext, waitForAll: boolean): Promise<StepOutcome> {
  const merged = listen(ctx);
  const mergedLines = new Set(ctx.state.components.filter((c) => c.mode === 'merged').map((c) => c.lineNo));
  let refusal: string | undefined;
  for (;;) {
    const reservation = await reserveReady(ctx, waitForAll);
    if (reservation === 'cancel') return withdraw(ctx);
    const mergedPicks = reservation.picks.filter((pick) => mergedLines.has(pick.lineNo));
    const kitPicks = reservation.picks.filter((pick) => !mergedLines.has(pick.lineNo));
    if (mergedPicks.length > 0 && !pending(ctx)) await join(ctx, mergedPicks);
    if (kitPicks.length > 0) {
      const picked = await pickKit(ctx, { ...reservation, picks: kitPicks }, refusal);
      if (picked === 'cancel') return withdraw(ctx);
      const issued = await issuePicked(ctx, picked);
      refusal = typeof issued === 'string' ? issued : undefined;
      if (refusal !== undefined) continue;
    }
    if (pending(ctx)) {
      if (ctx.state.step !== 'merged-issue') await ctx.steps.enter('merged-issue');
      await awaitBatch(ctx, merged);
      const answer = merged.issued;
      if (!answer) return withdraw(ctx);
      merged.issued = null;
      setMerged(ctx, {
        batchId: answer.batchId,
        status: answer.refusal === null ? 'issued' : 'refused',
        refusal: answer.refusal,
      });
      // Kit and merged issues post apart; before operations material only grows, so the later figure is the larger.
      if (answer.cost && answer.cost.material >= ctx.state.cost.material) showCost(ctx.state, answer.cost);
      if (answer.refusal !== null) continue;
    }
    return 'done';
  }
}

/** A waiting kit's default renewal interval: 6 hours (the reservations live 14 days). */
const RENEW_MINUTES = 6 * 60;

/**
 * Waits for the batch's answer or a cancel; meanwhile the merged lines' reservations are renewed like a waiting kit's
 * (a batch may gather and pick for long). Behind `patched('merged-reservation-renewal')`: earlier runs had no timer.
 */
async function awaitBatch(ctx: ProductionContext, merged: NonNullable<ProductionContext['merged']>): Promise<void> {
  const settled = () => merged.issued !== null || ctx.controls.cancel !== null;
  if (!patched('merged-reservation-renewal')) {
    await condition(settled);
    return;
  }
  const everyMs = (ctx.input.reservationRenewMinutes ?? RENEW_MINUTES) * 60_000;
  while (!(await condition(settled, everyMs))) {
    await production.renewKitReservations({ workflowId: ctx.workflowId, orderNumber: ctx.order.orderNumber });
  }
}

async function join(ctx: ProductionContext, picks: KitPick[]): Promise<void> {
  const warehouseCode = ctx.order.warehouseCode ?? '';
  setMerged(ctx, { warehouseCode, batchId: null, status: 'waiting', refusal: null });
  await ctx.steps.enter('merged-issue');
  await joinMergedIssue({
    start: mergedIssueStart(warehouseCode, workflowInfo().taskQueue),
    join: { orderNumber: ctx.order.orderNumber, workflowId: ctx.workflowId, dueDate: ctx.order.dueDate, picks },
  });
}

/** A cancel: an order still in a batch leaves it (best effort: the batch may have ended). */
async function withdraw(ctx: ProductionContext): Promise<StepOutcome> {
  if (pending(ctx) && ctx.state.merged) {
    const batch = getExternalWorkflowHandle(mergedIssueWorkflowId(ctx.state.merged.warehouseCode));
    await batch.signal(withdrawMergedIssueSignal, { orderNumber: ctx.order.orderNumber }).catch(() => undefined);
    setMerged(ctx, { status: 'withdrawn' });
  }
  return 'cancel';
}
