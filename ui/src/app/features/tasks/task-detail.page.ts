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
import {
  CreditApprovalTaskPayload,
  PackTaskPayload,
  PickConfirmationPayload,
  ShipTaskPayload,
  Task,
} from '../../shared/api.types';
import { StatusChip } from '../../shared/status-chip';
import { CreditApprovalForm } from './credit-approval-form';
import { InvoiceMatchApprovalForm } from '../supplier-invoices/invoice-match-approval-form';
import { SupplierReturnForm, SupplierReturnTaskPayload } from '../supplier-returns/supplier-return-form';
import { InvoiceMatchTaskPayload } from '../supplier-invoices/supplier-invoice.types';
import { GoodsReceiptForm } from './goods-receipt-form';
import { JsonTaskForm } from './json-task-form';
import { PackForm } from './pack-form';
import { PickConfirmationForm } from './pick-confirmation-form';
import { PutawayForm } from './putaway-form';
import { ShipForm } from './ship-form';
import { StockCountApprovalForm, StockCountApprovalPayload } from './stock-count-approval-form';
import { StockCountForm, StockCountTaskPayload } from './stock-count-form';
import { GoodsReceiptPayload, PutawayTaskPayload } from './receipt-task.types';
import { TaskFlow } from './task-flow';
import { namesAField } from './task-refusal';
import { TaskPermissions } from './task-permissions';
import { TaskService } from './task.service';

/** Forms that show a refusal naming a field themselves (on that field), so the page does not repeat it. */
const FORMS_SHOWING_ERRORS = new Set(['pack', 'credit-approval', 'stock-count']);

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
    InvoiceMatchApprovalForm,
    SupplierReturnForm,
    StockCountForm,
    StockCountApprovalForm,
    JsonTaskForm,
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
  protected readonly pickPayload = computed(() => this.payloadOf<PickConfirmationPayload>('pick-confirmation'));
  protected readonly receiptPayload = computed(() => this.payloadOf<GoodsReceiptPayload>('goods-receipt'));
  protected readonly putawayPayload = computed(() => this.payloadOf<PutawayTaskPayload>('putaway'));
  protected readonly packPayload = computed(() => this.payloadOf<PackTaskPayload>('pack'));
  protected readonly shipPayload = computed(() => this.payloadOf<ShipTaskPayload>('ship'));
  protected readonly creditPayload = computed(() => this.payloadOf<CreditApprovalTaskPayload>('credit-approval'));
  protected readonly invoiceMatchPayload = computed(() =>
    this.payloadOf<InvoiceMatchTaskPayload>('invoice-match-approval'),
  );
  protected readonly supplierReturnPayload = computed(() =>
    this.payloadOf<SupplierReturnTaskPayload>('supplier-return'),
  );
  protected readonly stockCountPayload = computed(() => this.payloadOf<StockCountTaskPayload>('stock-count'));
  protected readonly stockCountApprovalPayload = computed(() =>
    this.payloadOf<StockCountApprovalPayload>('stock-count-approval'),
  );
  /** Forms that show a refusal naming a field themselves, on or beside that field. */
  protected readonly formShowsErrors = computed(() => FORMS_SHOWING_ERRORS.has(this.task()?.formKind ?? ''));

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
  private payloadOf<P>(formKind: string): P | null {
    const task = this.task();
    return task?.formKind === formKind ? (task.payload as P) : null;
  }

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
