import { DatePipe, JsonPipe } from '@angular/common';
import { HttpErrorResponse } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, computed, effect, inject, input, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSnackBar } from '@angular/material/snack-bar';
import { Router, RouterLink } from '@angular/router';
import { errorMessage } from '../../shared/api-error';
import { PickConfirmationPayload, Task } from '../../shared/api.types';
import { StatusChip } from '../../shared/status-chip';
import { GoodsReceiptForm } from './goods-receipt-form';
import { JsonTaskForm } from './json-task-form';
import { PickConfirmationForm } from './pick-confirmation-form';
import { PutawayForm } from './putaway-form';
import { GoodsReceiptPayload, PutawayTaskPayload } from './receipt-task.types';
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
    PickConfirmationForm,
    GoodsReceiptForm,
    PutawayForm,
    JsonTaskForm,
  ],
  templateUrl: './task-detail.page.html',
  styleUrl: './task-detail.page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class TaskDetailPage {
  private readonly api = inject(TaskService);
  private readonly router = inject(Router);
  private readonly snackBar = inject(MatSnackBar);
  protected readonly can = inject(TaskPermissions);

  /** Bound from the :id route param. */
  readonly id = input.required<string>();

  protected readonly task = signal<Task | null>(null);
  protected readonly loadError = signal<string | null>(null);
  protected readonly actionError = signal<string | null>(null);
  protected readonly busy = signal(false);

  protected readonly readonly = computed(() => {
    const task = this.task();
    return !task || !this.can.canComplete(task);
  });
  protected readonly pickPayload = computed(() => {
    const task = this.task();
    return task?.formKind === 'pick-confirmation' ? (task.payload as PickConfirmationPayload) : null;
  });
  protected readonly receiptPayload = computed(() => {
    const task = this.task();
    return task?.formKind === 'goods-receipt' ? (task.payload as GoodsReceiptPayload) : null;
  });
  protected readonly putawayPayload = computed(() => {
    const task = this.task();
    return task?.formKind === 'putaway' ? (task.payload as PutawayTaskPayload) : null;
  });

  constructor() {
    effect(() => this.load(this.id()));
  }

  protected claim(): void {
    const task = this.task();
    if (!task) return;
    this.busy.set(true);
    this.api.claim(task.id).subscribe({
      next: (claimed) => {
        this.busy.set(false);
        // Keep the current payload object so quantities already edited in the form survive.
        this.task.set({ ...claimed, payload: task.payload });
      },
      error: (err: unknown) => this.fail(err),
    });
  }

  protected complete(payload: unknown): void {
    const task = this.task();
    if (!task || this.busy()) return;
    this.busy.set(true);
    this.actionError.set(null);
    this.api.complete(task.id, payload).subscribe({
      next: (done) => {
        this.busy.set(false);
        this.snackBar.open(`Task "${done.title}" completed`, undefined, { duration: 3000 });
        void this.router.navigate(['/processes', done.workflowId || task.workflowId]);
      },
      error: (err: unknown) => this.fail(err),
    });
  }

  private load(id: string): void {
    this.loadError.set(null);
    this.api.get(id).subscribe({
      next: (task) => this.task.set(task),
      error: (err: unknown) => this.loadError.set(errorMessage(err)),
    });
  }

  private fail(err: unknown): void {
    this.busy.set(false);
    this.actionError.set(errorMessage(err));
    // 409: someone else finished or claimed it meanwhile; show the task as it is now.
    if (err instanceof HttpErrorResponse && err.status === 409) this.load(this.id());
  }
}
