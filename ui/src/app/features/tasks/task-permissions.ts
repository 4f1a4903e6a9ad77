import { inject, Injectable } from '@angular/core';
import { AuthService } from '../../core/auth/auth.service';
import { Task } from '../../shared/api.types';

/** The roles that oversee the task board (the server's TASK_OVERSEERS). */
export const TASK_OVERSEERS = ['supervisor', 'admin'];

/**
 * Which task actions to offer: the same rules the server enforces (api/tasks/task-permissions.ts), so the console
 * never offers what the server refuses.
 * - Doing a task needs its role (an admin without the clerk role does not pick); a task is claimed when its form is
 *   opened by someone who may do it, and only its assignee completes it.
 * - Taking over a colleague's task: supervisors and admins holding its role. Assigning any open task and releasing a
 *   colleague's claim: supervisors and admins.
 */
@Injectable({ providedIn: 'root' })
export class TaskPermissions {
  private readonly auth = inject(AuthService);

  isActive(task: Task): boolean {
    return task.status === 'open' || task.status === 'claimed';
  }

  /** Holds the task's role and the task is still open. */
  mayDo(task: Task): boolean {
    return this.isActive(task) && this.auth.hasAnyRole(task.candidateRole);
  }

  oversees(): boolean {
    return this.auth.hasAnyRole(...TASK_OVERSEERS);
  }

  isMine(task: Task): boolean {
    return this.auth.isAssignee(task);
  }

  /** A free task the user may do: opening its form claims it. */
  claimsOnOpen(task: Task): boolean {
    return this.mayDo(task) && !task.assignee;
  }

  /** Claim a free task, or take over a colleague's (supervisors and admins holding its role). */
  canClaim(task: Task): boolean {
    if (!this.mayDo(task) || this.isMine(task)) return false;
    return !task.assignee || this.oversees();
  }

  /** Give the task back: its assignee, or a supervisor or an admin releasing a colleague's claim. */
  canUnclaim(task: Task): boolean {
    if (!this.isActive(task) || !task.assignee) return false;
    return this.isMine(task) || this.oversees();
  }

  canComplete(task: Task): boolean {
    return this.mayDo(task) && (!task.assignee || this.isMine(task));
  }

  canAssign(task: Task): boolean {
    return this.isActive(task) && this.oversees();
  }
}
