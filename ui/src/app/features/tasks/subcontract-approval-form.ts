import { DecimalPipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, effect, input, output } from '@angular/core';
import { FormControl, FormGroup, ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { RouterLink } from '@angular/router';
import { ErrorSummary, FieldError } from '../../shared/field-error';
import { FormErrors } from '../../shared/field-errors';
import { bindTaskForm } from './task-form-binding';

/** One component as the approval shows it (workflows/subcontract-order ComponentStanding). */
export interface SubcontractTaskComponent {
  lineNo: number;
  sku: string;
  provision: 'ours' | 'supplier' | 'customer';
  required: number;
  sent: number;
  consumed: number;
  scrapped: number;
  returned: number;
  atSupplier: number;
}

/** The subcontract-approval task's payload (workflows/subcontract-order/subcontract-order.workflow.ts). */
export interface SubcontractApprovalPayload {
  orderNumber: string;
  supplierCode: string;
  itemSku: string;
  quantity: number;
  feePerUnit: number;
  components: SubcontractTaskComponent[];
}

/** Who provides each component, in words. */
export const PROVIDED_BY: Record<SubcontractTaskComponent['provision'], string> = {
  ours: 'we send it',
  supplier: 'bought by the supplier',
  customer: "the customer's material",
};

const REASON_REQUIRED = 'Required to reject: say why the order is not placed';

/**
 * A planner approves a subcontract order (`subcontract-approval`) seeing what it commits to: the supplier, the
 * finished item and quantity, the fee, and the components with who provides each; or rejects it with the reason
 * (required: a rejection cancels the order). Completes with `{ approved, reason? }`, what the workflow validates.
 */
@Component({
  selector: 'mw-subcontract-approval-form',
  imports: [
    DecimalPipe,
    ReactiveFormsModule,
    RouterLink,
    MatButtonModule,
    MatFormFieldModule,
    MatInputModule,
    FieldError,
    ErrorSummary,
  ],
  template: `
    <p data-testid="sca-header">
      <a [routerLink]="['/subcontract-orders', payload().orderNumber]" data-testid="sca-order">{{
        payload().orderNumber
      }}</a>: {{ payload().supplierCode }} makes {{ payload().quantity | number }} × {{ payload().itemSku }} for a fee
      of <strong data-testid="sca-fee">{{ payload().feePerUnit | number: '1.2-6' }}</strong> per unit
    </p>
    <table>
      <thead>
        <tr>
          <th>Component</th>
          <th class="num">Required</th>
          <th>Provided</th>
        </tr>
      </thead>
      <tbody>
        @for (c of payload().components; track c.lineNo) {
          <tr data-testid="sca-component" [attr.data-sku]="c.sku">
            <td>{{ c.sku }}</td>
            <td class="num">{{ c.required | number }}</td>
            <td data-testid="sca-provided">{{ providedBy[c.provision] }}</td>
          </tr>
        }
      </tbody>
    </table>
    <form [formGroup]="form">
      <mat-form-field appearance="outline" class="reason">
        <mat-label>Reason (required when rejecting)</mat-label>
        <textarea matInput rows="2" maxlength="500" formControlName="reason" data-testid="sca-reason"></textarea>
        <mat-error><mw-field-error [control]="form.controls.reason" /></mat-error>
      </mat-form-field>
      @if (errors.unplaced().length) {
        <mw-error-summary [errors]="errors" />
      }
      @if (!readonly()) {
        <div class="actions">
          <button mat-flat-button type="button" data-testid="sca-approve" [disabled]="busy()" (click)="decide(true)">
            Approve
          </button>
          <button mat-stroked-button type="button" data-testid="sca-reject" [disabled]="busy()" (click)="decide(false)">
            Reject
          </button>
        </div>
      } @else if (decided() !== null) {
        <p data-testid="sca-decided">Decision recorded: {{ decided() ? 'approved' : 'rejected' }}</p>
      }
    </form>
  `,
  styles: `
    table {
      border-collapse: collapse;
      margin-bottom: 12px;
    }
    th,
    td {
      padding: 4px 12px 4px 0;
      text-align: left;
    }
    .num {
      text-align: right;
    }
    .reason {
      width: min(100%, 480px);
    }
    .actions {
      display: flex;
      gap: 12px;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SubcontractApprovalForm {
  readonly payload = input.required<SubcontractApprovalPayload>();
  readonly readonly = input(false);
  readonly busy = input(false);
  readonly outcome = input<unknown>(null);
  readonly refusal = input<unknown>(null);
  readonly confirmed = output<Record<string, unknown>>();

  protected readonly providedBy = PROVIDED_BY;
  protected readonly form = new FormGroup({ reason: new FormControl('', { nonNullable: true }) });
  protected readonly errors = new FormErrors();

  constructor() {
    effect(() => {
      const reason = (this.outcome() as { reason?: unknown } | null)?.reason;
      this.form.controls.reason.setValue(typeof reason === 'string' ? reason : '');
    });
    bindTaskForm({ form: this.form, readonly: this.readonly, refusal: this.refusal, errors: this.errors });
  }

  /** The recorded decision of a finished task (null while open). */
  protected decided(): boolean | null {
    const approved = (this.outcome() as { approved?: unknown } | null)?.approved;
    return typeof approved === 'boolean' ? approved : null;
  }

  protected decide(approved: boolean): void {
    if (this.readonly() || this.busy()) return;
    const reason = this.form.controls.reason.value.trim();
    if (!approved && reason === '') {
      this.form.controls.reason.setErrors({ server: REASON_REQUIRED });
      this.form.controls.reason.markAsTouched();
      return;
    }
    this.confirmed.emit(reason === '' ? { approved } : { approved, reason });
  }
}
