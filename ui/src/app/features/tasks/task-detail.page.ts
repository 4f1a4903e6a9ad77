import { DatePipe, JsonPipe } from '@angular/common';
import { HttpErrorResponse } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, computed, effect, inject, input, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSnackBar } from '@angular/material/snack-bar';
import { RouterLink } from '@angular/router';
import { Observable, switchMap } from 'rxjs';
import { errorMessage } from '../../shared/api-error';
import { Task } from '../../shared/api.types';
import { StatusChip } from '../../shared/status-chip';
import { TaskFlow } from './task-flow';
import { TaskFormOutlet } from './task-form-outlet';
import { taskFormOf } from './task-forms';
import { namesAField } from './task-refusal';
import { TaskPermissions } from './task-permissions';
import { TaskService } from './task.service';

@Component({
  selector: 'mw-task-detail-page',
  imports: [
    DatePipe,
    JsonPipe,
    RouterLink,
    MatCardModule,
    MatButtonModule,
    MatProgressBarModule,
    StatusChip,
    TaskFormOutlet,
  ],
  templateUrl: './task-detail.page.html',
  styleUrl: './task-detail.page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class TaskDetailPage {
  private readonly api = inject(TaskService);
  private readonly flow = inject(TaskFlow);
  protected readonly can = inject(TaskPermissions);
  private readonly snackBar = inject(MatSnackBar);

  /** Bound from the :id route param. */
  readonly id = input.required<string>();

  protected readonly task = signal<Task | null>(null);
  protected readonly loadError = signal<string | null>(null);
  /** A refusal naming a field, for forms that do not place it on their fields themselves. */
  protected readonly actionError = signal<string | null>(null);
  /** The last refusal naming a field (the HTTP error), for the forms that place it on the field. */
  protected readonly refusal = signal<unknown>(null);
  protected readonly refusalMessage = computed(() => (this.refusal() ? errorMessage(this.refusal()) : null));
  protected readonly busy = signal(false);

  protected readonly readonly = computed(() => {
    const task = this.task();
    return !task || !this.can.canComplete(task);
  });
  protected readonly formShowsErrors = computed(() => {
    const task = this.task();
    return taskFormOf(task?.formKind, task?.payload).showsRefusals === true;
  });

  constructor() {
    effect(() => this.load(this.id()));
  }

  /** Claim a free task, or take over a colleague's (supervisors and admins). */
  protected claim(): void {
    this.changeAssignment(this.api.claim.bind(this.api));
  }

  /** Give the task back to its role's inbox (the assignee, or a supervisor releasing a colleague's claim). */
  protected unclaim(): void {
    this.changeAssignment(this.api.unclaim.bind(this.api));
  }

  private changeAssignment(action: (id: string) => Observable<Task>): void {
    const task = this.task();
    if (!task) return;
    this.busy.set(true);
    this.clearRefusal();
    action(task.id).subscribe({
      next: (changed) => {
        this.busy.set(false);
        // Keep the current payload object so quantities already edited in the form survive.
        this.task.set({ ...changed, payload: task.payload });
      },
      error: (err: unknown) => this.fail(err),
    });
  }

  protected complete(payload: unknown): void {
    const task = this.task();
    if (!task || this.busy()) return;
    this.busy.set(true);
    this.clearRefusal();
    this.api.complete(task.id, payload).subscribe({
      // Busy until the next task opens: straight on to it, not back to a list.
      next: (done) => this.flow.goToNext({ ...done, workflowId: done.workflowId || task.workflowId }),
      error: (err: unknown) => this.fail(err),
    });
  }

  /** The task's payload when it is of `formKind` (the workflow that created it defines the shape). */
  private load(id: string): void {
    // A new task (the next one after a completion) gets fresh forms, not the last task's.
    this.task.set(null);
    this.busy.set(false);
    this.clearRefusal();
    this.loadError.set(null);
    this.api
      .get(id)
      .pipe(switchMap((task) => this.flow.claimOnOpen(task)))
      .subscribe({
        next: (task) => this.task.set(task),
        error: (err: unknown) => this.loadError.set(errorMessage(err)),
      });
  }

  private clearRefusal(): void {
    this.actionError.set(null);
    this.refusal.set(null);
  }

  /**
   * Says a refusal once: on the field it names (the form places it), else — a refusal about the task as a whole
   * (taken over, already finished) — in one snackbar. The requests are silent, so the interceptor says nothing.
   */
  private fail(err: unknown): void {
    this.busy.set(false);
    if (!namesAField(err)) this.snackBar.open(errorMessage(err), 'Dismiss', { duration: 6000 });
    else if (this.formShowsErrors()) this.refusal.set(err);
    else this.actionError.set(errorMessage(err));
    // 409: someone else finished or claimed it meanwhile; show the task as it is now.
    if (err instanceof HttpErrorResponse && err.status === 409) this.load(this.id());
  }
}
