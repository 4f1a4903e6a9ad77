import { setHandler, workflowInfo } from '@temporalio/workflow';
import { createTaskBoard } from '../human-task';
import { processSteps } from '../process-steps';
import { runKit } from './kit-step';
import { runMaterial, takesMergedPath } from './merged-step';
import {
  getProductionOrderStateQuery,
  PRODUCTION_ORDER,
  type ProductionOrderInput,
  type ProductionOrderState,
  type ProductionOrderStep,
} from './production-order.contract';
import { escalateWhenLate, registerProductionControls } from './production-controls';
import { production, showCost, type ProductionContext, type StepOutcome } from './production-proxies';
import { runCompletion, runOperations } from './report-steps';

/** Components picked before work starts (merged ones in a merged-issue batch, or with the kit in older runs). */
const PICKED_MODES = new Set(['kit', 'merged']);

/**
 * Production order: release (BOM and routing pinned, issue modes decided) -> the kit reserved, waiting durably for
 * stock where a short component must wait, picked and issued -> one clerk task per operation in sequence (re-opened
 * until the operation passed on all it received; backflush, labour and overhead post with each report) -> completion
 * receipts of finished goods -> close (remaining WIP to variance). A `cancel` before the first receipt returns the
 * issued material instead. Past the due date with work open, the planner gets a task.
 */
export async function productionOrder(input: ProductionOrderInput): Promise<ProductionOrderState> {
  const { workflowId } = workflowInfo();
  const state: ProductionOrderState = {
    orderNumber: input.orderNumber,
    step: 'releasing',
    components: [],
    operations: [],
    short: [],
    cost: { material: 0, labour: 0, overhead: 0, completed: 0, variance: 0 },
    completedQuantity: 0,
    taskId: null,
    escalated: false,
    cancelReason: null,
  };
  setHandler(getProductionOrderStateQuery, () => state);
  const controls = registerProductionControls(state);
  const tasks = createTaskBoard();
  const steps = processSteps<ProductionOrderStep>(
    { processType: PRODUCTION_ORDER, businessKey: input.orderNumber },
    state,
  );
  return steps.run(async () => {
    await steps.enter('releasing');
    const order = await production.releaseProductionOrder({ workflowId, orderNumber: input.orderNumber });
    state.components = order.components;
    state.operations = order.operations.map((operation) => ({
      ...operation,
      received: 0,
      good: 0,
      scrap: 0,
      done: false,
    }));
    await steps.enter('released');
    const ctx: ProductionContext = { input, workflowId, order, state, tasks, steps, controls, kitRounds: 0 };
    let ended = false;
    const escalation = escalateWhenLate(
      tasks,
      order,
      state,
      { workflowId, slaMs: input.taskSlaMinutes * 60_000 },
      () => ended,
    );
    const outcome = await runSteps(ctx);
    if (outcome === 'cancel' && controls.cancel) {
      await steps.enter('cancelling');
      state.cancelReason = controls.cancel.reason;
      const cost = await production.cancelProductionOrder({
        workflowId,
        orderNumber: order.orderNumber,
        reason: controls.cancel.reason,
        userName: controls.cancel.by,
      });
      showCost(state, cost);
      ended = true;
      await escalation;
      await steps.enter('cancelled', 'cancelled');
      return state;
    }
    await steps.enter('closing');
    const cost = await production.closeProductionOrder({
      workflowId,
      orderNumber: order.orderNumber,
      userName: input.requestedBy,
    });
    showCost(state, cost);
    ended = true;
    await escalation;
    await steps.enter('closed', 'completed');
    return state;
  });
}

/** The order's working steps in sequence; stops at the first that a cancel interrupts. */
async function runSteps(ctx: ProductionContext): Promise<StepOutcome> {
  const picked = ctx.state.components.some((line) => PICKED_MODES.has(line.mode));
  const material = picked && takesMergedPath(ctx) ? runMaterial : runKit;
  if (picked && (await material(ctx, false)) === 'cancel') return 'cancel';
  if (ctx.controls.cancel) return 'cancel';
  await ctx.steps.enter('operations');
  if ((await runOperations(ctx)) === 'cancel') return 'cancel';
  // A kit released partially must be whole before goods are received (completion values the kit as issued).
  if (picked && ctx.state.short.length > 0 && (await material(ctx, true)) === 'cancel') return 'cancel';
  await ctx.steps.enter('completion');
  return runCompletion(ctx);
}
