import { EntitySchema } from '@mikro-orm/core';
import { timestampColumn } from './columns';

export type TaskStatus = 'open' | 'claimed' | 'completed' | 'cancelled';
export type TaskPriority = 'low' | 'normal' | 'high' | 'urgent';

/**
 * How the inbox ranks priorities (most urgent first). The inbox query orders by exactly this expression, and
 * `human_task_inbox_index` is built on it: PostgreSQL only reads a page off that index when the two match.
 */
export const TASK_PRIORITY_RANK = `case priority when 'urgent' then 3 when 'high' then 2 when 'normal' then 1 else 0 end`;

/** A human task a workflow waits on; the row is the console's inbox, the workflow holds the truth. */
export class HumanTask {
  id!: string;
  workflowId!: string;
  processType!: string;
  businessKey!: string;
  taskType!: string;
  title!: string;
  candidateRole!: string;
  assignee: string | null = null;
  status: TaskStatus = 'open';
  priority: TaskPriority = 'normal';
  dueAt: Date | null = null;
  escalatedAt: Date | null = null;
  formKind!: string;
  payload!: Record<string, unknown>;
  outcome: Record<string, unknown> | null = null;
  completedBy: string | null = null;
  completedAt: Date | null = null;
  createdAt: Date = new Date();
  updatedAt: Date = new Date();
}

export const HumanTaskSchema = new EntitySchema<HumanTask>({
  class: HumanTask,
  tableName: 'human_task',
  indexes: [
    { properties: ['candidateRole', 'status', 'createdAt'] },
    // A role's open tasks in inbox order, so its first page is read off the index instead of sorting them all.
    {
      name: 'human_task_inbox_index',
      expression:
        `create index "human_task_inbox_index" on "human_task" ("candidate_role", (${TASK_PRIORITY_RANK}) desc, ` +
        `"created_at", "id") where status in ('open', 'claimed')`,
    },
    { properties: ['assignee', 'status'] },
    { properties: ['workflowId'] },
  ],
  properties: {
    id: { type: 'string', length: 100, primary: true },
    workflowId: { type: 'string', length: 200 },
    processType: { type: 'string', length: 40 },
    businessKey: { type: 'string', length: 60 },
    taskType: { type: 'string', length: 40 },
    title: { type: 'string', length: 200 },
    candidateRole: { type: 'string', length: 20 },
    assignee: { type: 'string', length: 64, nullable: true },
    status: { type: 'string', length: 12, default: 'open' },
    priority: { type: 'string', length: 8, default: 'normal' },
    dueAt: { ...timestampColumn, nullable: true },
    escalatedAt: { ...timestampColumn, nullable: true },
    formKind: { type: 'string', length: 40 },
    payload: { type: 'json' },
    outcome: { type: 'json', nullable: true },
    completedBy: { type: 'string', length: 64, nullable: true },
    completedAt: { ...timestampColumn, nullable: true },
    createdAt: { ...timestampColumn },
    updatedAt: { ...timestampColumn },
  },
});

export type ProcessStatus = 'pending' | 'running' | 'completed' | 'failed' | 'cancelled' | 'rejected' | 'terminated';

/**
 * The console's list of process instances, written by the workflow's own activities as it moves. 'pending': the start
 * is committed in the outbox (process_start_outbox) but Temporal has not accepted it yet; the console shows "starting".
 */
export class ProcessInstance {
  workflowId!: string;
  runId!: string;
  processType!: string;
  businessKey!: string;
  status: ProcessStatus = 'running';
  currentStep!: string;
  startedAt: Date = new Date();
  updatedAt: Date = new Date();
  closedAt: Date | null = null;
  lastError: string | null = null;
}

export const ProcessInstanceSchema = new EntitySchema<ProcessInstance>({
  class: ProcessInstance,
  tableName: 'process_instance',
  indexes: [
    { properties: ['processType', 'status', 'startedAt'] },
    { properties: ['businessKey'] },
    // The process list's first page off an index whatever the filters (migration 20261203163000).
    { properties: ['startedAt', 'workflowId'] },
    { properties: ['processType', 'startedAt', 'workflowId'] },
    // Its search and business-key filter (`ilike '%…%'`) by trigrams.
    {
      name: 'process_instance_search_trgm_index',
      expression:
        'create index "process_instance_search_trgm_index" on "process_instance" using gin ' +
        '("business_key" gin_trgm_ops, "current_step" gin_trgm_ops)',
    },
  ],
  properties: {
    workflowId: { type: 'string', length: 200, primary: true },
    runId: { type: 'string', length: 64 },
    processType: { type: 'string', length: 40 },
    businessKey: { type: 'string', length: 60 },
    status: { type: 'string', length: 12, default: 'running' },
    currentStep: { type: 'string', length: 60 },
    startedAt: { ...timestampColumn },
    updatedAt: { ...timestampColumn },
    closedAt: { ...timestampColumn, nullable: true },
    lastError: { type: 'text', nullable: true },
  },
});
