import { DatePipe, JsonPipe } from '@angular/common';
import { HttpErrorResponse } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, computed, effect, inject, input, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSnackBar } from '@angular/material/snack-bar';
import { Router, RouterLink } from '@angular/router';
import { errorMessage } from '../../shared/api-error';
import {
  CreditApprovalTaskPayload,
  PackTaskPayload,
  PickConfirmationPayload,
  ShipTaskPayload,
  Task,
} from '../../shared/api.types';
import { StatusChip } from '../../shared/status-chip';
import { CreditApprovalForm } from './credit-approval-form';
import { GoodsReceiptForm } from './goods-receipt-form';
import { JsonTaskForm } from './json-task-form';
import { PackForm } from './pack-form';
import { PickConfirmationForm } from './pick-confirmation-form';
import { PutawayForm } from './putaway-form';
import { ShipForm } from './ship-form';
import { GoodsReceiptPayload, PutawayTaskPayload } from './receipt-task.types';
import { TaskPermissions } from './task-permissions';
import { TaskService } from './task.service';

/** Forms that show the server's refusal themselves (on the field it names), so the page does not repeat it. */
const FORMS_SHOWING_ERRORS = new Set(['pack', 'credit-approval']);

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
    PackForm,
    ShipForm,
    CreditApprovalForm,
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
  protected readonly pickPayload = computed(() => this.payloadOf<PickConfirmationPayload>('pick-confirmation'));
  protected readonly receiptPayload = computed(() => this.payloadOf<GoodsReceiptPayload>('goods-receipt'));
  protected readonly putawayPayload = computed(() => this.payloadOf<PutawayTaskPayload>('putaway'));
  protected readonly packPayload = computed(() => this.payloadOf<PackTaskPayload>('pack'));
  protected readonly shipPayload = computed(() => this.payloadOf<ShipTaskPayload>('ship'));
  protected readonly creditPayload = computed(() => this.payloadOf<CreditApprovalTaskPayload>('credit-approval'));
  /** Forms that show the server's refusal themselves, beside the fields it is about. */
  protected readonly formShowsErrors = computed(() => FORMS_SHOWING_ERRORS.has(this.task()?.formKind ?? ''));

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

  /** The task's payload when it is of `formKind` (the workflow that created it defines the shape). */
  private payloadOf<P>(formKind: string): P | null {
    const task = this.task();
    return task?.formKind === formKind ? (task.payload as P) : null;
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
