import { proxyActivities } from '@temporalio/workflow';
import type { createTaskBoard } from '../human-task';
import type { ProcessSteps } from '../process-steps';
import type { MergedIssued } from '../merged-issue/merged-issue.contract';
import type {
  ProductionActivities,
  ProductionCancelRequest,
  ProductionCost,
  ProductionOrderInput,
  ProductionOrderState,
  ProductionOrderStep,
  ReleasedOrder,
} from './production-order.contract';

/** Database activities are short; a crashed worker's attempt is retried on another after this timeout. */
const DB_ACTIVITY = { startToCloseTimeout: '20 seconds', retry: { maximumInterval: '10 seconds' } } as const;

/** The production activities (types only: the implementations live in activities/production). */
export const production = proxyActivities<ProductionActivities>(DB_ACTIVITY);

/** What people and receipts ask of a running order, as the workflow's steps see it. */
export interface ProductionControls {
  cancel: ProductionCancelRequest | null;
  /** Bumped by every receipt of an item the order waits for. */
  arrivals: number;
}

/** Everything a step of the production order works with. */
export interface ProductionContext {
  input: ProductionOrderInput;
  workflowId: string;
  order: ReleasedOrder;
  state: ProductionOrderState;
  tasks: ReturnType<typeof createTaskBoard>;
  steps: ProcessSteps<ProductionOrderStep>;
  controls: ProductionControls;
  /** Kit reservation rounds so far (each reserveKit and pick task is keyed by its round). */
  kitRounds: number;
  /** The merged-issue batch's answers (registered once the order takes the merged path). */
  merged?: { issued: MergedIssued | null };
}

/** How a step ended: done, or interrupted by a cancel request (the workflow then cancels the order). */
export type StepOutcome = 'done' | 'cancel';

export { refusalOf } from '../activity-refusal';

/** The cost figures the state shows (WIP is derived, shown by the API). */
export function showCost(state: ProductionOrderState, cost: ProductionCost): void {
  state.cost = {
    material: cost.material,
    labour: cost.labour,
    overhead: cost.overhead,
    completed: cost.completed,
    variance: cost.variance,
  };
}

/** The title prefix of every task of the order: number, what and how many. */
export function orderTitle(order: ReleasedOrder): string {
  return `${order.orderNumber} (${order.quantity} x ${order.itemSku})`;
}
