import type { ProcessStartRequest } from '../process-start.contract';
import { MRP_RUN, mrpRunWorkflowId, type MrpRunInput } from './mrp-run.contract';

/** A planner reviews a nightly plan within a working day. */
export const MRP_REVIEW_SLA_MINUTES = 8 * 60;

/** The start the API queues with a new run (and reconciliation could queue again). */
export function mrpRunStart(runId: number, requestedBy: string, taskQueue: string): ProcessStartRequest {
  const input: MrpRunInput = { runId, requestedBy, reviewSlaMinutes: MRP_REVIEW_SLA_MINUTES };
  return {
    workflowId: mrpRunWorkflowId(runId),
    workflowType: 'mrpRun',
    processType: MRP_RUN,
    businessKey: `MRP-${runId}`,
    taskQueue,
    args: [input],
    requestedBy,
  };
}
