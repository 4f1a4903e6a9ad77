import { defineUpdate } from '@temporalio/workflow';

/** Priorities escalate in this order when a task breaches its SLA. */
export const TASK_PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export type TaskPriority = (typeof TASK_PRIORITIES)[number];

/** What a workflow asks a human to do. The task row in PostgreSQL mirrors it for the inbox. */
export interface HumanTaskSpec {
  /** Stable within the workflow (e.g. `<workflowId>:pick`; no slashes, it travels in URLs), so creating the task twice creates it once. */
  taskId: string;
  taskType: string;
  title: string;
  processType: string;
  businessKey: string;
  candidateRole: string;
  assignee?: string;
  priority: TaskPriority;
  /** How long until the SLA is breached and the task escalates; it keeps waiting afterwards. */
  slaMs: number;
  formKind: string;
  payload: Record<string, unknown>;
  /** Top-level fields the completion payload must carry. */
  requiredFields: string[];
}

/** The arguments of the `completeTask` update; the API stamps the authenticated user into them. */
export interface CompleteTaskArgs {
  taskId: string;
  completedBy: string;
  payload: Record<string, unknown>;
}

/** What the update returns once the outcome is stored. */
export interface TaskCompletion {
  taskId: string;
  completedBy: string;
  completedAt: string;
  payload: Record<string, unknown>;
}

/** Completes a human task; its validator rejects unknown or finished tasks and incomplete payloads. */
export const completeTaskUpdate = defineUpdate<TaskCompletion, [CompleteTaskArgs]>('completeTask');

/** Prefixes of validator rejections, so the API can map them to 404/409/400 without parsing prose. */
export const TASK_REJECTION = {
  unknownTask: 'TASK_NOT_FOUND',
  finished: 'TASK_FINISHED',
  invalidPayload: 'TASK_PAYLOAD_INVALID',
} as const;
