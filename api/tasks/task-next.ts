import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { setTimeout as sleep } from 'node:timers/promises';
import { TASK_PRIORITY_RANK } from '../../db/entities';
import { query } from '../../db/sql';
import type { AuthUser } from '../auth/auth-hook';
import { loadTask } from './task-service';
import { TASK_COLUMNS, toTask, type TaskDto } from './task-schemas';

/** The longest a caller may ask to wait for its process's next step (the workflow posts before it creates it). */
export const MAX_NEXT_WAIT_MS = 10_000;
const RECHECK_MS = 250;

export interface NextTask {
  task: TaskDto | null;
  /** Whether the task belongs to the same process (order, purchase order) as the one just done. */
  sameProcess: boolean;
}

/**
 * The next task the user can do: open and free or already theirs, in one of their roles. Tasks of the same process
 * come first, then the earliest due (undated last), the most urgent, the oldest.
 */
async function bestCandidate(em: EntityManager, user: AuthUser, after: TaskDto): Promise<TaskDto | null> {
  const [row] = await query<Record<string, unknown>>(
    em,
    `select ${TASK_COLUMNS} from human_task
      where status in ('open', 'claimed') and (assignee is null or assignee = ?) and candidate_role in (?) and id <> ?
      order by (workflow_id = ?) desc, due_at asc nulls last, ${TASK_PRIORITY_RANK} desc, created_at, id
      limit 1`,
    [user.username, user.roles as string[], after.id, after.workflowId],
  );
  return row ? toTask(row) : null;
}

/**
 * Whether the process may still open a task for the user: it runs and has no open task besides `after` (a task it
 * already opened for another role or person means its next step is not the user's).
 */
async function worthWaiting(em: EntityManager, after: TaskDto): Promise<boolean> {
  const [row] = await query<{ running: boolean; others: boolean }>(
    em,
    `select exists (select 1 from process_instance where workflow_id = ? and status = 'running') as running,
            exists (select 1 from human_task where workflow_id = ? and id <> ? and status in ('open', 'claimed')) as others`,
    [after.workflowId, after.workflowId, after.id],
  );
  return row?.running === true && row.others === false;
}

/**
 * What to do after `afterId`: the process's next task as soon as its workflow creates it (waiting at most `waitMs`
 * while the process still runs and has opened nothing else, since a step posts to the books before it opens the next
 * task), otherwise the best other task the user can do, or none.
 */
export async function nextTask(orm: MikroORM, user: AuthUser, afterId: string, waitMs: number): Promise<NextTask> {
  const em = orm.em.fork();
  const after = await loadTask(em, afterId);
  const deadline = Date.now() + Math.min(waitMs, MAX_NEXT_WAIT_MS);
  for (;;) {
    const task = await bestCandidate(orm.em.fork(), user, after);
    const sameProcess = task?.workflowId === after.workflowId;
    if (sameProcess || Date.now() >= deadline || !(await worthWaiting(orm.em.fork(), after))) {
      return { task, sameProcess };
    }
    await sleep(RECHECK_MS);
  }
}
