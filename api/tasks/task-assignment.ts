import type { MikroORM } from '@mikro-orm/postgresql';
import { User } from '../../db/entities';
import type { AuthUser } from '../auth/auth-hook';
import { ApiError } from '../errors';
import { assignRefusal } from './task-permissions';
import { assertAllowed, loadTask, setAssignee } from './task-service';
import type { TaskDto } from './task-schemas';

/** Someone a task can be given to: an active user holding the task's role. */
export interface Assignee {
  username: string;
  displayName: string;
}

/** The active users holding `role`, by name (the choice a supervisor assigns from). */
export async function assigneesFor(orm: MikroORM, role: string): Promise<Assignee[]> {
  const users = await orm.em.fork().find(User, { active: true }, { orderBy: { displayName: 'asc', username: 'asc' } });
  return users
    .filter((user) => (user.roles as string[]).includes(role))
    .map((user) => ({ username: user.username, displayName: user.displayName }));
}

/** The users a task can be given to (its role's active users). */
export async function taskAssignees(orm: MikroORM, id: string): Promise<Assignee[]> {
  const task = await loadTask(orm.em.fork(), id);
  return assigneesFor(orm, task.candidateRole);
}

/**
 * A supervisor's (or an admin's) assignment: gives the open task to `assignee` (someone holding its role), or back
 * to the role's inbox with `null`. Audited as `task.assigned` (or `task.unclaimed`) with whom it was taken from.
 */
export async function assignTask(orm: MikroORM, id: string, user: AuthUser, assignee: string | null): Promise<TaskDto> {
  return orm.em.fork().transactional(async (em) => {
    const task = await loadTask(em, id, true);
    assertAllowed(assignRefusal(task, user));
    if (assignee !== null) {
      const target = await em.findOne(User, { username: assignee, active: true });
      if (!target) throw new ApiError('VALIDATION_FAILED', `No active user ${assignee}`, 'assignee');
      if (!(target.roles as string[]).includes(task.candidateRole)) {
        throw new ApiError(
          'VALIDATION_FAILED',
          `${assignee} does not hold the ${task.candidateRole} role this task needs`,
          'assignee',
        );
      }
    }
    if (task.assignee === assignee) return task;
    await setAssignee(em, task, assignee, user.username);
    return loadTask(em, id);
  });
}
