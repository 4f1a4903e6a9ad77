import type { Role } from '../../db/entities';

/**
 * Who may do what with a human task: the one rule set the server enforces and the console mirrors
 * (ui/src/app/features/tasks/task-permissions.ts), so the console never offers what the server refuses.
 *
 * - Doing a task (claiming it while free, completing it) needs the task's role: an admin or a supervisor without
 *   it cannot approve a credit hold or confirm a pick (segregation of duties).
 * - A task is claimed when its form is opened by someone who may do it (the console claims it on open; a completion
 *   through the API claims a free task in the same step). Only its assignee may then complete it.
 * - Taking over a task a colleague holds is for supervisors and admins who hold the task's role; assigning or
 *   reassigning any open task (to someone holding its role) and releasing a colleague's claim are for supervisors and
 *   admins. Each is audited with who took the task from whom.
 */

/** The roles that oversee the task board. */
export const TASK_OVERSEERS: readonly Role[] = ['supervisor', 'admin'];

export interface TaskFacts {
  status: string;
  candidateRole: string;
  assignee: string | null;
}

export interface Actor {
  username: string;
  roles: readonly string[];
}

/** Why an action is refused, as the API says it; `undefined` when it is allowed. */
export type Refusal = { code: 'FORBIDDEN' | 'TASK_FINISHED' | 'TASK_CLAIMED_BY_OTHER'; message: string } | undefined;

export function isActive(task: TaskFacts): boolean {
  return task.status === 'open' || task.status === 'claimed';
}

export function oversees(user: Actor): boolean {
  return TASK_OVERSEERS.some((role) => user.roles.includes(role));
}

function finished(task: TaskFacts): Refusal {
  if (isActive(task)) return undefined;
  return { code: 'TASK_FINISHED', message: `This task is already ${task.status}` };
}

function lacksRole(task: TaskFacts, user: Actor): Refusal {
  if (user.roles.includes(task.candidateRole)) return undefined;
  return { code: 'FORBIDDEN', message: `This task is for the ${task.candidateRole} role` };
}

/** Claiming: a free task by anyone with its role; a colleague's task (taking over) by a supervisor or an admin. */
export function claimRefusal(task: TaskFacts, user: Actor): Refusal {
  const refusal = finished(task) ?? lacksRole(task, user);
  if (refusal) return refusal;
  if (!task.assignee || task.assignee === user.username || oversees(user)) return undefined;
  return {
    code: 'FORBIDDEN',
    message: `This task is claimed by ${task.assignee}; only a supervisor or an admin can take it over`,
  };
}

/** Completing: the task's role, and the task free or the caller's own. */
export function completeRefusal(task: TaskFacts, user: Actor): Refusal {
  const refusal = finished(task) ?? lacksRole(task, user);
  if (refusal) return refusal;
  if (!task.assignee || task.assignee === user.username) return undefined;
  return { code: 'TASK_CLAIMED_BY_OTHER', message: `This task is claimed by ${task.assignee}` };
}

/** Giving a task back: its assignee, or a supervisor or an admin releasing a colleague's claim. */
export function releaseRefusal(task: TaskFacts, user: Actor): Refusal {
  const refusal = finished(task);
  if (refusal) return refusal;
  if (!task.assignee || task.assignee === user.username || oversees(user)) return undefined;
  return { code: 'TASK_CLAIMED_BY_OTHER', message: `This task is claimed by ${task.assignee}` };
}

/** Assigning or reassigning to someone else: supervisors and admins, while the task is open. */
export function assignRefusal(task: TaskFacts, user: Actor): Refusal {
  const refusal = finished(task);
  if (refusal) return refusal;
  if (oversees(user)) return undefined;
  return { code: 'FORBIDDEN', message: 'Only a supervisor or an admin can assign tasks' };
}
