import { inject, Injectable } from '@angular/core';
import { MatSnackBar } from '@angular/material/snack-bar';
import { Router } from '@angular/router';
import { catchError, Observable, of } from 'rxjs';
import { Task } from '../../shared/api.types';
import { TaskPermissions } from './task-permissions';
import { TaskService } from './task.service';

/** How long to wait for the process to open its next step (it posts to the books first). */
const NEXT_WAIT_MS = 8000;

/**
 * The task flow: a task is claimed when its form is opened by someone who may do it, and after completing one the
 * user goes straight to the next task they can do (the same order's first), not back to a list.
 */
@Injectable({ providedIn: 'root' })
export class TaskFlow {
  private readonly api = inject(TaskService);
  private readonly can = inject(TaskPermissions);
  private readonly router = inject(Router);
  private readonly snackBar = inject(MatSnackBar);

  /** The task as the user will work it: claimed for them when it is free and theirs to do. */
  claimOnOpen(task: Task): Observable<Task> {
    if (!this.can.claimsOnOpen(task)) return of(task);
    // Someone may have claimed it a moment earlier: then the task is shown as it is (read-only, claimed by them).
    return this.api.claim(task.id).pipe(catchError(() => this.api.get(task.id)));
  }

  /** After `done`: opens the next task, or the process page when nothing is left for the user. */
  goToNext(done: Task): void {
    this.api.next(done.id, NEXT_WAIT_MS).subscribe({
      next: ({ task, sameProcess }) => {
        if (!task) {
          this.snackBar.open(`"${done.title}" done. Nothing else is waiting for you.`, undefined, { duration: 4000 });
          void this.router.navigate(['/processes', done.workflowId]);
          return;
        }
        const where = sameProcess ? 'next for this process' : `next: ${task.businessKey}`;
        this.snackBar.open(`"${done.title}" done; ${where}.`, undefined, { duration: 4000 });
        void this.router.navigate(['/tasks', task.id]);
      },
      error: () => void this.router.navigate(['/processes', done.workflowId]),
    });
  }
}
