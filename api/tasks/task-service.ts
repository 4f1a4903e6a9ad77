import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { appendAudit } from '../../db/repositories/audit-repository';
import { query } from '../../db/sql';
import { completeTaskUpdate, TASK_REJECTION } from '../../workflows/human-task.contract';
import type { AuthUser } from '../auth/auth-hook';
import { ApiError, type ApiErrorCode } from '../errors';
import { updateRejection } from '../update-rejection';
import { TASK_COLUMNS, toTask, type TaskDto } from './task-schemas';

export async function loadTask(em: EntityManager, id: string, lock = false): Promise<TaskDto> {
  const [row] = await query<Record<string, unknown>>(
    em,
    `select ${TASK_COLUMNS} from human_task where id = ?${lock ? ' for update' : ''}`,
    [id],
  );
  if (!row) throw new ApiError('TASK_NOT_FOUND', `No task ${id}`);
  return toTask(row);
}

function assertActionable(task: TaskDto, user: AuthUser): void {
  if (task.status === 'completed' || task.status === 'cancelled') {
    throw new ApiError('TASK_FINISHED', `Task ${task.id} is already ${task.status}`);
  }
  if (!user.roles.includes(task.candidateRole as AuthUser['roles'][number])) {
    throw new ApiError('FORBIDDEN', `Task ${task.id} is for the ${task.candidateRole} role`);
  }
}

/** Takes a task into the caller's own list; someone else's claim must be released first. */
export async function claimTask(orm: MikroORM, id: string, user: AuthUser): Promise<TaskDto> {
  return orm.em.fork().transactional(async (em) => {
    const task = await loadTask(em, id, true);
    assertActionable(task, user);
    if (task.assignee && task.assignee !== user.username) {
      throw new ApiError('TASK_CLAIMED_BY_OTHER', `Task ${id} is claimed by ${task.assignee}`);
    }
    await query(em, `update human_task set assignee = ?, status = 'claimed', updated_at = now() where id = ?`, [
      user.username,
      id,
    ]);
    await appendAudit(em, {
      actor: user.username,
      action: 'task.claimed',
      entityType: 'human_task',
      entityId: id,
      workflowId: task.workflowId,
    });
    return loadTask(em, id);
  });
}

/** Gives a claimed task back to the role's shared inbox (the assignee or an admin may do so). */
export async function unclaimTask(orm: MikroORM, id: string, user: AuthUser): Promise<TaskDto> {
  return orm.em.fork().transactional(async (em) => {
    const task = await loadTask(em, id, true);
    assertActionable(task, user);
    if (task.assignee && task.assignee !== user.username && !user.roles.includes('admin')) {
      throw new ApiError('TASK_CLAIMED_BY_OTHER', `Task ${id} is claimed by ${task.assignee}`);
    }
    await query(em, `update human_task set assignee = null, status = 'open', updated_at = now() where id = ?`, [id]);
    await appendAudit(em, {
      actor: user.username,
      action: 'task.unclaimed',
      entityType: 'human_task',
      entityId: id,
      workflowId: task.workflowId,
    });
    return loadTask(em, id);
  });
}

/** Validator rejections arrive as messages prefixed with a code; map them to the API's codes. */
const REJECTION_CODES: Record<string, ApiErrorCode> = {
  [TASK_REJECTION.unknownTask]: 'TASK_NOT_FOUND',
  [TASK_REJECTION.finished]: 'TASK_FINISHED',
  [TASK_REJECTION.invalidPayload]: 'TASK_PAYLOAD_INVALID',
};

/**
 * Completes a task through the owning workflow's `completeTask` update, stamped with the caller's identity.
 * The workflow's validator is the authority on payloads; its rejection leaves no trace in the history.
 */
export async function completeTask(
  deps: { orm: MikroORM; temporal: Client },
  id: string,
  user: AuthUser,
  payload: Record<string, unknown>,
): Promise<TaskDto> {
  const task = await loadTask(deps.orm.em.fork(), id);
  assertActionable(task, user);
  if (task.assignee && task.assignee !== user.username) {
    throw new ApiError('TASK_CLAIMED_BY_OTHER', `Task ${id} is claimed by ${task.assignee}`);
  }
  try {
    await deps.temporal.workflow
      .getHandle(task.workflowId)
      .executeUpdate(completeTaskUpdate, { args: [{ taskId: id, completedBy: user.username, payload }] });
  } catch (error) {
    throw toApiError(error);
  }
  return loadTask(deps.orm.em.fork(), id);
}

function toApiError(error: unknown): Error {
  if (error instanceof WorkflowNotFoundError)
    return new ApiError('TASK_FINISHED', 'The process of this task has ended');
  return updateRejection(error, REJECTION_CODES, /^(payload(\.[\w[\]]+)*)/) ?? (error as Error);
}
