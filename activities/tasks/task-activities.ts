import type { HumanTaskSpec, TaskPriority } from '../../workflows/human-task.contract';
import { appendAudit } from '../../db/repositories/audit-repository';
import { query } from '../../db/sql';
import { inTransaction, type ActivityDeps } from '../context';

/** The task rows behind the inbox: created, escalated and completed on the workflow's behalf. */
export function createTaskActivities(deps: ActivityDeps) {
  return {
    /** Inserts the task row once; a retry finds the row and does nothing. */
    async createHumanTask(spec: HumanTaskSpec & { workflowId: string }): Promise<void> {
      await inTransaction(deps, async (em) => {
        const inserted = await query<{ id: string }>(
          em,
          `insert into human_task (id, workflow_id, process_type, business_key, task_type, title, candidate_role,
                                   assignee, status, priority, due_at, form_kind, payload, created_at, updated_at)
           values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, now() + make_interval(secs => ?), ?, ?, now(), now())
           on conflict (id) do nothing returning id`,
          [
            spec.taskId,
            spec.workflowId,
            spec.processType,
            spec.businessKey,
            spec.taskType,
            spec.title,
            spec.candidateRole,
            spec.assignee ?? null,
            spec.assignee ? 'claimed' : 'open',
            spec.priority,
            spec.slaMs / 1000,
            spec.formKind,
            JSON.stringify(spec.payload),
          ],
        );
        if (inserted.length === 0) return;
        await appendAudit(em, {
          actor: 'system',
          action: 'task.created',
          entityType: 'human_task',
          entityId: spec.taskId,
          workflowId: spec.workflowId,
          details: { candidateRole: spec.candidateRole, priority: spec.priority },
        });
      });
    },

    /** Records an SLA breach and raises the priority; the task stays open. */
    async escalateHumanTask(input: { taskId: string; priority: TaskPriority }): Promise<void> {
      await inTransaction(deps, async (em) => {
        const updated = await query<{ workflow_id: string }>(
          em,
          `update human_task set priority = ?, escalated_at = now(), updated_at = now()
            where id = ? and status in ('open', 'claimed') and priority <> ? returning workflow_id`,
          [input.priority, input.taskId, input.priority],
        );
        if (!updated[0]) return;
        await appendAudit(em, {
          actor: 'system',
          action: 'task.sla-breached',
          entityType: 'human_task',
          entityId: input.taskId,
          workflowId: updated[0].workflow_id,
          details: { priority: input.priority },
        });
      });
    },

    /** Withdraws an open task the process no longer needs (the order was cancelled or changed, a deadline passed). */
    async cancelHumanTask(input: { taskId: string; reason: string }): Promise<void> {
      await inTransaction(deps, async (em) => {
        const updated = await query<{ workflow_id: string }>(
          em,
          `update human_task set status = 'cancelled', updated_at = now()
            where id = ? and status in ('open', 'claimed') returning workflow_id`,
          [input.taskId],
        );
        if (!updated[0]) return;
        await appendAudit(em, {
          actor: 'system',
          action: 'task.withdrawn',
          entityType: 'human_task',
          entityId: input.taskId,
          workflowId: updated[0].workflow_id,
          details: { reason: input.reason },
        });
      });
    },

    /** Stores the outcome and who completed the task; only the first completion writes. */
    async recordTaskCompletion(input: {
      taskId: string;
      completedBy: string;
      payload: Record<string, unknown>;
    }): Promise<void> {
      await inTransaction(deps, async (em) => {
        const updated = await query<{ workflow_id: string }>(
          em,
          `update human_task set status = 'completed', outcome = ?, completed_by = ?, completed_at = now(),
                  assignee = coalesce(assignee, ?), updated_at = now()
            where id = ? and status in ('open', 'claimed') returning workflow_id`,
          [JSON.stringify(input.payload), input.completedBy, input.completedBy, input.taskId],
        );
        if (!updated[0]) return;
        await appendAudit(em, {
          actor: input.completedBy,
          action: 'task.completed',
          entityType: 'human_task',
          entityId: input.taskId,
          workflowId: updated[0].workflow_id,
          details: { outcome: input.payload },
        });
      });
    },
  };
}
