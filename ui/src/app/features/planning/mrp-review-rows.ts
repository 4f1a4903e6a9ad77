import { FormControl, FormGroup, Validators } from '@angular/forms';
import { remapProblemPaths } from '../../shared/remap-problems';
import { PlannedOrderRow } from './mrp-run.types';

/** The review task's payload (workflows/mrp-run: the run, its plan's counts, the last refusal when re-opened). */
export interface MrpReviewPayload {
  runId: number;
  summary: { items: number; plannedOrders: number; exceptions: number; problems: number; beyondHorizon?: number };
  refusal?: string;
}

/** The planner's answer (workflows/mrp-run/mrp-run.contract.ts MrpReviewAnswer). */
export interface MrpReviewAnswer {
  decision: 'approve-all' | 'decide' | 'reject';
  orders?: Array<{ plannedRef: string; approve: boolean; quantity?: number; receiptDate?: string }>;
  reason?: string;
}

/** One suggestion's controls: ticked to approve, and its quantity and receipt date as the planner would have them. */
export type ReviewRow = FormGroup<{
  approve: FormControl<boolean>;
  quantity: FormControl<number | null>;
  receiptDate: FormControl<string>;
}>;

/**
 * The rows of a review, kept by planned-order reference across filter changes (a suggestion ticked under one
 * filter stays ticked under another). Controls are keyed `r<n>`, not by reference: `ITEM/3/1` is no control path.
 */
export class ReviewRows {
  readonly form = new FormGroup<Record<string, ReviewRow>>({});
  private readonly keys = new Map<string, string>();
  private readonly suggested = new Map<string, PlannedOrderRow>();

  /** The row of a suggestion, made on first sight with the plan's values. */
  rowOf(order: PlannedOrderRow): ReviewRow {
    let key = this.keys.get(order.plannedRef);
    if (!key) {
      key = `r${this.keys.size}`;
      this.keys.set(order.plannedRef, key);
      this.suggested.set(order.plannedRef, order);
      const row: ReviewRow = new FormGroup({
        approve: new FormControl(false, { nonNullable: true }),
        quantity: new FormControl<number | null>(order.quantity, [Validators.required, Validators.min(0.001)]),
        receiptDate: new FormControl(order.receiptDate, { nonNullable: true, validators: Validators.required }),
      });
      this.form.addControl(key, row);
    }
    return this.form.controls[key] as ReviewRow;
  }

  keyOf(plannedRef: string): string | undefined {
    return this.keys.get(plannedRef);
  }

  /** Ticked suggestions, in the order first seen, with only the values the planner changed. */
  approvedOrders(): NonNullable<MrpReviewAnswer['orders']> {
    const orders: NonNullable<MrpReviewAnswer['orders']> = [];
    for (const [plannedRef, key] of this.keys) {
      const row = this.form.controls[key] as ReviewRow;
      const plan = this.suggested.get(plannedRef);
      if (!row.controls.approve.value || !plan) continue;
      const { quantity, receiptDate } = row.getRawValue();
      orders.push({
        plannedRef,
        approve: true,
        ...(quantity !== null && Number(quantity) !== plan.quantity ? { quantity: Number(quantity) } : {}),
        ...(receiptDate && receiptDate !== plan.receiptDate ? { receiptDate } : {}),
      });
    }
    return orders;
  }

  /** Whether any ticked row holds a value the server would refuse (its field is marked instead). */
  markInvalidTicked(): boolean {
    let invalid = false;
    for (const row of Object.values(this.form.controls)) {
      if (!row.controls.approve.value || row.valid) continue;
      row.markAllAsTouched();
      invalid = true;
    }
    return invalid;
  }

  /**
   * A refusal of the answer names `orders[i].field` of the orders sent: placed on the row of the i-th sent
   * reference (`plannedRef` and `approve` on its tick box).
   */
  placeRefusal(err: unknown, sent: readonly string[]): unknown {
    return remapProblemPaths(err, (path) =>
      path.replace(/^orders\[(\d+)\]\.(\w+)$/, (whole, index: string, field: string) => {
        const key = this.keyOf(sent[Number(index)] ?? '');
        if (!key) return whole;
        return `${key}.${field === 'quantity' || field === 'receiptDate' ? field : 'approve'}`;
      }),
    );
  }
}
