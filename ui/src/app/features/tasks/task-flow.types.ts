import { Task } from '../../shared/api.types';

/** GET /api/tasks/next: what to do after a task (null when nothing is left for the user). */
export interface NextTask {
  task: Task | null;
  /** The task belongs to the same process (order, purchase order) as the one just done. */
  sameProcess: boolean;
}

/** Someone a supervisor can give a task to. */
export interface Assignee {
  username: string;
  displayName: string;
}
