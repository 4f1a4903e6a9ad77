import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { appendAudit } from '../../db/repositories/audit-repository';
import { BooksError } from '../../db/errors';
import { query } from '../../db/sql';
import { completeTaskUpdate, TASK_REJECTION } from '../../workflows/human-task.contract';
import { closedPeriodDating } from '../../workflows/purchase-receipt/receipt-validation';
import type { AuthUser } from '../auth/auth-hook';
import { ApiError, type ApiErrorCode } from '../errors';
import { claimRefusal, completeRefusal, releaseRefusal, type Refusal } from './task-permissions';
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

/** Throws the API's refusal for an action the task permissions do not allow. */
export function assertAllowed(refusal: Refusal): void {
  if (refusal) throw new ApiError(refusal.code, refusal.message);
}

/**
 * Takes a task into the caller's own list. Taking over a colleague's task (supervisors and admins, see
 * task-permissions.ts) is audited as `task.taken-over` with whom it was taken from.
 */
export async function claimTask(orm: MikroORM, id: string, user: AuthUser): Promise<TaskDto> {
  return orm.em.fork().transactional(async (em) => {
    const task = await loadTask(em, id, true);
    assertAllowed(claimRefusal(task, user));
    if (task.assignee === user.username) return task;
    await setAssignee(em, task, user.username, user.username);
    return loadTask(em, id);
  });
}

/** Gives a claimed task back to the role's shared inbox (its assignee, or a supervisor or an admin). */
export async function unclaimTask(orm: MikroORM, id: string, user: AuthUser): Promise<TaskDto> {
  return orm.em.fork().transactional(async (em) => {
    const task = await loadTask(em, id, true);
    assertAllowed(releaseRefusal(task, user));
    await setAssignee(em, task, null, user.username);
    return loadTask(em, id);
  });
}

/** The audit action of an assignment change, by who made it for whom. */
function assignmentAction(from: string | null, to: string | null, actor: string): string {
  if (to === null) return 'task.unclaimed';
  if (to !== actor) return 'task.assigned';
  return from ? 'task.taken-over' : 'task.claimed';
}

/** Writes the task's new assignee and the audit entry saying who moved it from whom to whom, in one transaction. */
export async function setAssignee(em: EntityManager, task: TaskDto, to: string | null, actor: string): Promise<void> {
  await query(em, `update human_task set assignee = ?, status = ?, updated_at = now() where id = ?`, [
    to,
    to === null ? 'open' : 'claimed',
    task.id,
  ]);
  await appendAudit(em, {
    actor,
    action: assignmentAction(task.assignee, to, actor),
    entityType: 'human_task',
    entityId: task.id,
    workflowId: task.workflowId,
    details: { from: task.assignee, to },
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
  // Whoever completes a task is its assignee: a free task is claimed in the same step (audited), before the workflow
  // sees the completion; a task someone else holds is refused.
  const { task, claimedHere } = await deps.orm.em.fork().transactional(async (em) => {
    const current = await loadTask(em, id, true);
    assertAllowed(completeRefusal(current, user));
    if (!current.assignee) await setAssignee(em, current, user.username, user.username);
    return { task: current, claimedHere: !current.assignee };
  });
  try {
    await deps.temporal.workflow
      .getHandle(task.workflowId)
      .executeUpdate(completeTaskUpdate, { args: [{ taskId: id, completedBy: user.username, payload }] });
  } catch (error) {
    // A refused completion leaves the task as it found it: the claim made for it is given back (audited too).
    if (claimedHere) await giveBackClaim(deps.orm, id, user.username).catch(() => undefined);
    throw toApiError(error);
  }
  return loadTask(deps.orm.em.fork(), id);
}

async function giveBackClaim(orm: MikroORM, id: string, username: string): Promise<void> {
  await orm.em.fork().transactional(async (em) => {
    const current = await loadTask(em, id, true);
    if (current.status === 'claimed' && current.assignee === username) await setAssignee(em, current, null, username);
  });
}

function toApiError(error: unknown): Error {
  if (error instanceof WorkflowNotFoundError)
    return new ApiError('TASK_FINISHED', 'The process of this task has ended');
  const rejection = updateRejection(error, REJECTION_CODES, /^(payload(?:\.[\w[\]]+)*|completedBy)/);
  if (rejection?.code === 'TASK_PAYLOAD_INVALID') return closedPeriodRefusal(rejection) ?? rejection;
  return rejection ?? (error as Error);
}

/**
 * A goods receipt dated into a closed period is refused like every document dated there (stock moves, carrier
 * receipts, journal entries): the books' PERIOD_CLOSED (409), naming the field, payload.receivedAt.
 */
function closedPeriodRefusal(rejection: ApiError): BooksError | undefined {
  const dating = closedPeriodDating(rejection.message);
  if (!dating) return undefined;
  return new BooksError(
    'PERIOD_CLOSED',
    `The receipt date ${dating.day} lies in a closed period: receipts may be dated from ${dating.openFrom} on`,
    'payload.receivedAt',
  );
}
