import { DecimalPipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, effect, input, output } from '@angular/core';
import { FormArray, FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { ErrorSummary, FieldError } from '../../../shared/field-error';
import { FormErrors } from '../../../shared/field-errors';
import { bindTaskForm } from '../../tasks/task-form-binding';
import { MergedPickCompletion, MergedPickLine, MergedPickPayload } from './production-merged-pick.types';

/** One share to confirm: which order line, from which bin and lot (as reserved), and the quantity picked for it. */
interface Share {
  orderNumber: string;
  lineNo: number;
  sku: string;
  location: string;
  lotCode: string | null;
  expiresOn: string | null;
  total: number;
  reserved: number;
}

type ShareGroup = FormGroup<{ quantity: FormControl<number | null> }>;

/** The shares grouped by order (in the batch's issue order), each with the pick line it comes from. */
function sharesByOrder(payload: MergedPickPayload): { orderNumber: string; dueDate: string | null; shares: Share[] }[] {
  const lines: MergedPickLine[] = payload.lines ?? [];
  const orders =
    payload.orders ??
    [...new Set(lines.flatMap((line) => line.shares.map((s) => s.orderNumber)))].map((orderNumber) => ({
      orderNumber,
      dueDate: null as string | null,
    }));
  return orders.map((order) => ({
    orderNumber: order.orderNumber,
    dueDate: order.dueDate,
    shares: lines.flatMap((line) =>
      line.shares
        .filter((share) => share.orderNumber === order.orderNumber)
        .map((share) => ({ ...line, orderNumber: share.orderNumber, lineNo: share.lineNo, reserved: share.quantity })),
    ),
  }));
}

/**
 * The merged pick (`production-merged-pick`): one pick for several production orders of a warehouse. Per item, bin
 * and lot the total to take from the shelf; below, per order (in the order their shares are issued), the quantity of
 * each of its component lines, pre-filled with what is reserved for it. Each share must be picked as reserved (the
 * workflow refuses a short or extra pick on its field); each order's share is then issued to that order.
 */
@Component({
  selector: 'mw-production-merged-pick-form',
  imports: [
    DecimalPipe,
    ReactiveFormsModule,
    MatButtonModule,
    MatFormFieldModule,
    MatInputModule,
    FieldError,
    ErrorSummary,
  ],
  template: `
    <div class="header" data-testid="prd-merged-header">
      @if (payload().warehouseCode) {
        <div>
          <span class="muted">Warehouse</span>
          <strong>{{ payload().warehouseCode }}</strong>
        </div>
      }
      <div>
        <span class="muted">Orders</span>
        <strong data-testid="prd-merged-orders">{{ groups().length }}</strong>
      </div>
    </div>
    <table class="plain" data-testid="prd-merged-lines">
      <thead>
        <tr>
          <th>Item</th>
          <th>Bin</th>
          <th>Lot</th>
          <th class="num">Take</th>
        </tr>
      </thead>
      <tbody>
        @for (line of payload().lines; track $index) {
          <tr data-testid="prd-merged-line" [attr.data-sku]="line.sku" [attr.data-total]="line.total">
            <td>{{ line.sku }}</td>
            <td>{{ line.location }}</td>
            <td>
              {{ line.lotCode ?? '—' }}
              @if (line.expiresOn) {
                <span class="muted"> · expires {{ line.expiresOn }}</span>
              }
            </td>
            <td class="num">{{ line.total | number: '1.0-3' }}</td>
          </tr>
        }
      </tbody>
    </table>
    <form [formGroup]="form" (ngSubmit)="submit()">
      <mw-error-summary [errors]="errors" />
      <ol class="picks" formArrayName="picks">
        @for (group of groups(); track group.orderNumber) {
          <li data-testid="prd-merged-order" [attr.data-order]="group.orderNumber">
            <strong>Order {{ group.orderNumber }}</strong>
            @if (group.dueDate) {
              <span class="muted"> · due {{ group.dueDate }}</span>
            }
            @for (share of group.shares; track $index) {
              @let i = indexOf(share);
              <div class="row" [formGroupName]="i" data-testid="prd-merged-share" [attr.data-line]="share.lineNo">
                <span>
                  Line {{ share.lineNo }} · {{ share.sku }} from {{ share.location }}
                  {{ share.lotCode ? 'lot ' + share.lotCode : '' }}
                  <span class="muted">({{ share.reserved | number: '1.0-3' }} reserved)</span>
                </span>
                <mat-form-field appearance="outline">
                  <mat-label>Picked</mat-label>
                  <input
                    matInput
                    type="number"
                    inputmode="decimal"
                    min="0"
                    step="any"
                    formControlName="quantity"
                    data-testid="prd-merged-share-qty"
                  />
                  <mat-error><mw-field-error [control]="picks.at(i).controls.quantity" /></mat-error>
                </mat-form-field>
              </div>
            }
          </li>
        }
      </ol>
      @if (!readonly()) {
        <button mat-flat-button type="submit" data-testid="task-complete" [disabled]="busy()">
          Confirm merged pick
        </button>
      }
    </form>
  `,
  styleUrl: './production-task-forms.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ProductionMergedPickForm {
  readonly payload = input.required<MergedPickPayload>();
  readonly readonly = input(false);
  readonly busy = input(false);
  /** For finished tasks: what was picked. */
  readonly outcome = input<unknown>(null);
  /** The server's refusal of the last completion that names a field (`picks[i].quantity` ...). */
  readonly refusal = input<unknown>(null);
  readonly confirmed = output<MergedPickCompletion>();

  protected readonly groups = computed(() => sharesByOrder(this.payload()));
  /** The shares in the order the form array (and the completion's `picks`) holds them. */
  private readonly flat = computed(() => this.groups().flatMap((group) => group.shares));
  protected readonly form = new FormGroup({ picks: new FormArray<ShareGroup>([]) });
  protected readonly errors = new FormErrors();

  protected get picks(): FormArray<ShareGroup> {
    return this.form.controls.picks;
  }

  constructor() {
    effect(() => {
      const done = (this.outcome() as Partial<MergedPickCompletion> | null)?.picks;
      this.picks.clear();
      this.flat().forEach((share, i) =>
        this.picks.push(
          new FormGroup({
            quantity: new FormControl<number | null>(done?.[i]?.quantity ?? share.reserved, {
              validators: [Validators.required, Validators.min(0)],
            }),
          }),
        ),
      );
      if (this.readonly()) this.form.disable();
    });
    bindTaskForm({ form: this.form, readonly: this.readonly, refusal: this.refusal, errors: this.errors });
  }

  protected indexOf(share: Share): number {
    return this.flat().indexOf(share);
  }

  protected submit(): void {
    if (this.readonly() || this.busy()) return;
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    const shares = this.flat();
    this.confirmed.emit({
      picks: this.picks.getRawValue().map((pick, i) => ({
        orderNumber: shares[i]!.orderNumber,
        lineNo: shares[i]!.lineNo,
        location: shares[i]!.location,
        lotCode: shares[i]!.lotCode,
        quantity: Number(pick.quantity),
      })),
    });
  }
}
