import { PRODUCTION_TASK_SLA_MINUTES } from '../production-order/production-order.start';
import {
  MERGED_GATHERING_MINUTES,
  MERGED_ISSUE,
  mergedIssueWorkflowId,
  type JoinMergedIssueInput,
  type MergedIssueInput,
} from './merged-issue.contract';

/**
 * The signal-with-start of a warehouse's merged-issue batch: the first order's join starts the batch (and opens its
 * gathering window), later joins reach the running one.
 */
export function mergedIssueStart(warehouseCode: string, taskQueue: string): JoinMergedIssueInput['start'] {
  const input: MergedIssueInput = {
    warehouseCode,
    windowMinutes: MERGED_GATHERING_MINUTES,
    taskSlaMinutes: PRODUCTION_TASK_SLA_MINUTES,
    pending: [],
  };
  return {
    workflowId: mergedIssueWorkflowId(warehouseCode),
    workflowType: 'mergedIssue',
    processType: MERGED_ISSUE,
    businessKey: warehouseCode,
    taskQueue,
    args: [input],
  };
}
