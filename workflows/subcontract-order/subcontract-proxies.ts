import { ActivityFailure, ApplicationFailure, proxyActivities } from '@temporalio/workflow';
import type { createTaskBoard } from '../human-task';
import type { ProcessSteps } from '../process-steps';
import type {
  SubcontractCancelRequest,
  SubcontractOrderInput,
  SubcontractOrderState,
  SubcontractOrderStep,
  SubcontractOrderView,
} from './subcontract-order.contract';
import type { createActivities } from '../../activities';

/** Database activities are short; a crashed worker's attempt is retried on another after this timeout. */
const DB_ACTIVITY = { startToCloseTimeout: '30 seconds', retry: { maximumInterval: '10 seconds' } } as const;

/** The subcontracting activities (types only: the implementations live in activities/subcontracting). */
export const subcontracting = proxyActivities<ReturnType<typeof createActivities>>(DB_ACTIVITY);

/** Everything a step of the subcontract order works with. */
export interface SubcontractContext {
  input: SubcontractOrderInput;
  workflowId: string;
  state: SubcontractOrderState;
  tasks: ReturnType<typeof createTaskBoard>;
  steps: ProcessSteps<SubcontractOrderStep>;
  controls: { cancel: SubcontractCancelRequest | null };
}

/** Copies what the workflow shows from the order as last read. */
export function showOrder(state: SubcontractOrderState, order: SubcontractOrderView): void {
  state.components = order.components;
  state.delivered = order.delivered;
}

/** The title of every task of the order: number, how many of what, and the supplier. */
export function orderTitle(order: SubcontractOrderView): string {
  return `${order.orderNumber} (${order.quantity} x ${order.itemSku} at ${order.supplierCode})`;
}

export { refusalOf } from '../activity-refusal';

/** The input field an activity's refusal names (its failure details carry `{ field }`), or null. */
export function refusalFieldOf(error: unknown): string | null {
  const cause = error instanceof ActivityFailure ? error.cause : undefined;
  const details =
    cause instanceof ApplicationFailure ? (cause.details?.[0] as { field?: unknown } | undefined) : undefined;
  return typeof details?.field === 'string' ? details.field : null;
}
