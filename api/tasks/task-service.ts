import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { appendAudit } from '../../db/repositories/audit-repository';
import { POSTING_STATUS, PERIOD_CODE_OF } from '../../db/accounting/periods';
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
    if (current.taskType === 'goods-receipt') await assertReceiptPeriodTakesDocuments(em, payload.receivedAt);
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
    const refusal = toApiError(error);
    throw refusal instanceof ClosedPeriodRefusal ? await periodOfClosedRefusal(deps.orm, refusal, payload) : refusal;
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

/** The workflow's refusal of a receipt dated before its first open day, until the books say which code it is. */
class ClosedPeriodRefusal extends Error {
  constructor(
    readonly day: string,
    readonly openFrom: string,
  ) {
    super(`The receipt date ${day} lies before ${openFrom}`);
  }
}

function closedPeriodRefusal(rejection: ApiError): ClosedPeriodRefusal | undefined {
  const dating = closedPeriodDating(rejection.message);
  return dating ? new ClosedPeriodRefusal(dating.day, dating.openFrom) : undefined;
}

/** The period (company time zone) a receipt dated `at` falls in and the status a posting sees (null: never opened). */
async function receiptPeriod(em: EntityManager, at: Date): Promise<{ code: string; status: string | null }> {
  const [row] = await query<{ code: string; status: string | null }>(
    em,
    `select c.code, (select ${POSTING_STATUS} from accounting_period p where p.code = c.code) as status
       from (select ${PERIOD_CODE_OF} as code) c`,
    [at.toISOString()],
  );
  return { code: row?.code ?? '', status: row?.status ?? null };
}

/**
 * A goods receipt dated before the first open day is refused like every document dated there (stock moves, carrier
 * receipts, journal entries), naming the field, payload.receivedAt: PERIOD_CLOSED (409) when its month is closed,
 * PERIOD_BEFORE_CLOSED (409) when its month was never opened or is open behind a closed one (the books accept
 * postings only at or after the latest closed month).
 */
async function periodOfClosedRefusal(
  orm: MikroORM,
  refusal: ClosedPeriodRefusal,
  payload: Record<string, unknown>,
): Promise<BooksError> {
  const at =
    typeof payload.receivedAt === 'string' ? new Date(payload.receivedAt) : new Date(`${refusal.day}T12:00:00Z`);
  const period = await receiptPeriod(orm.em.fork(), at);
  if (period.status === null || period.status === 'behind') {
    return new BooksError(
      'PERIOD_BEFORE_CLOSED',
      `The receipt date ${refusal.day} lies in period ${period.code}, before the latest closed period: the books ` +
        `accept postings only at or after it, so receipts may be dated from ${refusal.openFrom} on`,
      'payload.receivedAt',
    );
  }
  return new BooksError(
    'PERIOD_CLOSED',
    `The receipt date ${refusal.day} lies in a closed period: receipts may be dated from ${refusal.openFrom} on`,
    'payload.receivedAt',
  );
}

/**
 * A goods receipt dated into a month soft-locked by its close under way is refused at completion, as the books would
 * refuse its posting (only the close's own postings and a controller's adjustments land there; a receipt is a
 * document, whoever records it): 409 PERIOD_SOFT_LOCKED naming payload.receivedAt, nothing posted, the task left open.
 * A receipt without a date is dated when it is confirmed, so it is checked at now. A malformed date is the
 * workflow's validator's to refuse.
 */
async function assertReceiptPeriodTakesDocuments(em: EntityManager, receivedAt: unknown): Promise<void> {
  const blank = receivedAt === undefined || receivedAt === null || receivedAt === '';
  if (!blank && typeof receivedAt !== 'string') return;
  const at = blank ? new Date() : new Date(receivedAt);
  if (!Number.isFinite(at.getTime())) return;
  const period = await receiptPeriod(em, at);
  if (period.status !== 'soft-locked') return;
  const day = blank ? 'today' : `date ${at.toISOString().slice(0, 10)}`;
  throw new BooksError(
    'PERIOD_SOFT_LOCKED',
    `The receipt ${day} lies in period ${period.code}, which is being closed: only the close's own postings and a ` +
      "controller's adjustments land in it until the close finishes or is abandoned; date the receipt in an open period",
    'payload.receivedAt',
  );
}
