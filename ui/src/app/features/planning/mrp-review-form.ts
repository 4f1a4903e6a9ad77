import { HttpClient } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, computed, effect, inject, input, output, signal } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { FormControl, FormGroup, ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { RouterLink } from '@angular/router';
import { debounceTime, startWith } from 'rxjs';
import { ErrorSummary, FieldError } from '../../shared/field-error';
import { FormErrors } from '../../shared/field-errors';
import { taskRefusal } from '../tasks/task-refusal';
import { MrpRunDetail, PlannedOrderRow } from './mrp-run.types';
import { MrpReviewAnswer, MrpReviewPayload, ReviewRows } from './mrp-review-rows';

/** What the reason field says when the plan is rejected without one (the server refuses it too). */
const REASON_REQUIRED = 'Required to reject: say why the plan is rejected';
/** Exception messages shown beside the review; the run page lists them all. */
const EXCEPTIONS_SHOWN = 8;

/**
 * The planner's review of an MRP run (`mrp-review` task): the run's planned orders (filtered by type or item), one
 * tick box per suggestion with its quantity and receipt date editable; approve the ticked ones (with the values
 * changed, the rest staying suggested), approve all, or reject the plan with a reason. The run's exception messages
 * and the items it could not plan are beside it. A refusal naming `orders[i]` lands on that suggestion's row.
 */
@Component({
  selector: 'mw-mrp-review-form',
  imports: [
    ReactiveFormsModule,
    RouterLink,
    MatButtonModule,
    MatFormFieldModule,
    MatInputModule,
    FieldError,
    ErrorSummary,
  ],
  templateUrl: './mrp-review-form.html',
  styleUrl: './mrp-review-form.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class MrpReviewForm {
  private readonly http = inject(HttpClient);

  readonly payload = input.required<MrpReviewPayload>();
  readonly readonly = input(false);
  readonly busy = input(false);
  readonly outcome = input<unknown>(null);
  /** The server's refusal of the last completion that names a field (the HTTP error). */
  readonly refusal = input<unknown>(null);
  readonly confirmed = output<MrpReviewAnswer>();

  protected readonly filters = new FormGroup({
    type: new FormControl('', { nonNullable: true }),
    sku: new FormControl('', { nonNullable: true }),
  });
  protected readonly reason = new FormControl('', { nonNullable: true });
  protected readonly rows = new ReviewRows();
  protected readonly errors = new FormErrors();
  /** A local problem said before asking the server (nothing ticked). */
  protected readonly notice = signal<string | null>(null);
  protected readonly detail = signal<MrpRunDetail | null>(null);
  protected readonly loadError = signal<string | null>(null);
  /** The references of the orders last sent, in order: a refusal's `orders[i]` is the i-th. */
  private sent: string[] = [];
  private requests = 0;

  private readonly filterValue = toSignal(this.filters.valueChanges.pipe(debounceTime(300), startWith(null)));
  protected readonly runLink = computed(() => ['/planning/mrp-runs', this.payload().runId]);
  protected readonly decided = computed(() => (this.outcome() as Partial<MrpReviewAnswer> | null)?.decision ?? null);
  protected readonly exceptions = computed(() => this.detail()?.exceptions.slice(0, EXCEPTIONS_SHOWN) ?? []);
  /** A re-opened task's refusal names the suggestion it is about: that row is marked. */
  protected readonly refusedRef = computed(() => {
    const text = this.payload().refusal ?? '';
    return this.detail()?.plannedOrders.find((o) => text.includes(o.plannedRef))?.plannedRef ?? null;
  });

  constructor() {
    effect(() => {
      this.filterValue();
      this.load(this.payload().runId);
    });
    effect(() => {
      const locked = this.readonly();
      for (const control of [this.rows.form, this.reason]) {
        if (locked) control.disable();
        else control.enable();
      }
    });
    effect(() => {
      const refusal = this.refusal();
      if (refusal) this.errors.show(this.rows.form, this.rows.placeRefusal(taskRefusal(refusal), this.sent));
      else this.errors.clear();
    });
  }

  protected rowOf(order: PlannedOrderRow) {
    return this.rows.rowOf(order);
  }

  protected approveSelected(): void {
    if (this.readonly() || this.busy()) return;
    this.notice.set(null);
    if (this.rows.markInvalidTicked()) return;
    const orders = this.rows.approvedOrders();
    if (orders.length === 0) {
      this.notice.set('Tick the suggestions to approve (or approve all)');
      return;
    }
    this.sent = orders.map((order) => order.plannedRef);
    this.confirmed.emit({ decision: 'decide', orders });
  }

  protected approveAll(): void {
    if (this.readonly() || this.busy()) return;
    this.sent = [];
    this.confirmed.emit({ decision: 'approve-all' });
  }

  protected reject(): void {
    if (this.readonly() || this.busy()) return;
    const reason = this.reason.value.trim();
    if (!reason) {
      this.reason.setErrors({ server: REASON_REQUIRED });
      this.reason.markAsTouched();
      return;
    }
    this.sent = [];
    this.confirmed.emit({ decision: 'reject', reason });
  }

  private load(runId: number): void {
    const { type, sku } = this.filters.getRawValue();
    const params: Record<string, string> = {};
    if (type) params['type'] = type;
    if (sku.trim()) params['sku'] = sku.trim();
    // Filters typed quickly send several reads: only the last one's answer is shown.
    const request = ++this.requests;
    this.http.get<MrpRunDetail>(`/api/mrp-runs/${runId}`, { params }).subscribe({
      next: (detail) => {
        if (request !== this.requests) return;
        for (const order of detail.plannedOrders) if (order.status === 'suggested') this.rows.rowOf(order);
        // Rows first seen now join a form a finished task has locked.
        if (this.readonly()) this.rows.form.disable();
        this.loadError.set(null);
        this.detail.set(detail);
      },
      error: () => this.loadError.set(`MRP run ${runId} could not be read`),
    });
  }
}
