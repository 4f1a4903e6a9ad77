import { z } from 'zod';
import { num } from '../../db/sql';

export const taskSchema = z.object({
  id: z.string(),
  workflowId: z.string(),
  processType: z.string(),
  businessKey: z.string(),
  taskType: z.string(),
  title: z.string(),
  candidateRole: z.string(),
  assignee: z.string().nullable(),
  status: z.string(),
  priority: z.string(),
  dueAt: z.string().nullable(),
  escalatedAt: z.string().nullable(),
  formKind: z.string(),
  payload: z.unknown(),
  outcome: z.unknown().nullable(),
  completedBy: z.string().nullable(),
  completedAt: z.string().nullable(),
  createdAt: z.string(),
});
export type TaskDto = z.infer<typeof taskSchema>;

export const TASK_COLUMNS = `id, workflow_id, process_type, business_key, task_type, title, candidate_role, assignee,
  status, priority, due_at, escalated_at, form_kind, payload, outcome, completed_by, completed_at, created_at`;

function iso(value: unknown): string | null {
  return value === null || value === undefined ? null : new Date(value as string).toISOString();
}

/** Maps a `human_task` row (selected with TASK_COLUMNS) to the API's task shape. */
export function toTask(r: Record<string, unknown>): TaskDto {
  return {
    id: String(r.id),
    workflowId: String(r.workflow_id),
    processType: String(r.process_type),
    businessKey: String(r.business_key),
    taskType: String(r.task_type),
    title: String(r.title),
    candidateRole: String(r.candidate_role),
    assignee: r.assignee === null ? null : String(r.assignee),
    status: String(r.status),
    priority: String(r.priority),
    dueAt: iso(r.due_at),
    escalatedAt: iso(r.escalated_at),
    formKind: String(r.form_kind),
    payload: r.payload,
    outcome: r.outcome ?? null,
    completedBy: r.completed_by === null ? null : String(r.completed_by),
    completedAt: iso(r.completed_at),
    createdAt: iso(r.created_at) ?? '',
  };
}

export const completeTaskBody = z.object({ payload: z.record(z.string(), z.unknown()) });

export { num };
