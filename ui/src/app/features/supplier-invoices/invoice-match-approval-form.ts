import { DatePipe, DecimalPipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, effect, input, output } from '@angular/core';
import { FormControl, ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MoneyPipe } from '../../shared/money.pipe';
import { InvoiceApproval, InvoiceMatchTaskPayload } from './supplier-invoice.types';

/**
 * Invoice-match approval: an invoice outside the invoice-match tolerances. The controller sees the three documents
 * side by side (what was ordered, what arrived and at what price, what the supplier billed) with the variances and
 * the tolerances that decided, then approves it (it posts) or rejects it with the reason (nothing posts).
 */
@Component({
  selector: 'mw-invoice-match-approval-form',
  imports: [DatePipe, DecimalPipe, MoneyPipe, ReactiveFormsModule, MatButtonModule, MatFormFieldModule, MatInputModule],
  template: `
    <div class="header">
      <div>
        <span class="muted">Invoice</span>
        <strong data-testid="im-invoice-key">{{ payload().invoiceKey }}</strong>
      </div>
      <div>
        <span class="muted">Order</span>
        <strong data-testid="im-order-number">{{ payload().order.orderNumber }}</strong>
        <span class="muted">({{ payload().order.status }})</span>
      </div>
      <div>
        <span class="muted">Supplier</span>
        <span>{{ payload().order.supplierName }} ({{ payload().order.supplierCode }})</span>
      </div>
    </div>

    <div class="documents" data-testid="im-documents">
      <section data-testid="im-order">
        <h3>Order</h3>
        <table class="lines">
          <thead>
            <tr>
              <th>Line</th>
              <th>Item</th>
              <th class="num">Ordered</th>
              <th class="num">Price</th>
            </tr>
          </thead>
          <tbody>
            @for (line of payload().lines; track line.lineNo) {
              <tr data-testid="im-order-line">
                <td>{{ line.orderLineNo }}</td>
                <td>{{ line.itemSku }} {{ line.itemName }}</td>
                <td class="num">{{ line.orderedQuantity | number: '1.0-3' }} {{ line.uom }}</td>
                <td class="num">{{ line.orderUnitPrice | money }}</td>
              </tr>
            }
          </tbody>
        </table>
      </section>

      <section data-testid="im-receipts">
        <h3>Receipts</h3>
        <table class="lines">
          <thead>
            <tr>
              <th>Line</th>
              <th>Received</th>
              <th class="num">Qty</th>
              <th class="num">Price</th>
              <th class="num">Invoiced</th>
            </tr>
          </thead>
          <tbody>
            @for (receipt of payload().receipts; track receipt.moveId) {
              <tr data-testid="im-receipt">
                <td>{{ receipt.orderLineNo }}</td>
                <td>{{ receipt.receivedAt | date: 'short' }}</td>
                <td class="num" data-testid="im-receipt-qty">{{ receipt.quantity | number: '1.0-3' }}</td>
                <td class="num">{{ receipt.unitCost | money }}</td>
                <td class="num">{{ receipt.invoicedQuantity | number: '1.0-3' }}</td>
              </tr>
            } @empty {
              <tr>
                <td colspan="5" class="muted">No receipts</td>
              </tr>
            }
          </tbody>
        </table>
      </section>

      <section data-testid="im-invoice">
        <h3>Invoice {{ payload().invoice.invoiceNumber }}</h3>
        <table class="lines">
          <thead>
            <tr>
              <th>Line</th>
              <th class="num">Qty</th>
              <th class="num">Price</th>
              <th class="num">Net</th>
              <th class="num">Tax</th>
            </tr>
          </thead>
          <tbody>
            @for (line of payload().lines; track line.lineNo) {
              <tr data-testid="im-invoice-line">
                <td>{{ line.lineNo }}</td>
                <td class="num" [class.mismatch]="!line.quantityWithin">
                  {{ line.invoicedQuantity | number: '1.0-3' }}
                </td>
                <td class="num" [class.mismatch]="!line.priceWithin" data-testid="im-invoice-price">
                  {{ line.invoiceUnitPrice | money }}
                </td>
                <td class="num">{{ line.netAmount | money }}</td>
                <td class="num">{{ line.taxAmount | money }} ({{ line.taxRate }} %)</td>
              </tr>
            }
          </tbody>
          <tfoot>
            <tr>
              <td colspan="3">Totals</td>
              <td class="num" data-testid="im-net-total">{{ payload().invoice.netTotal | money }}</td>
              <td class="num">{{ payload().invoice.taxTotal | money }}</td>
            </tr>
            <tr>
              <td colspan="3">Gross (payable)</td>
              <td class="num" colspan="2" data-testid="im-gross-total">{{ payload().invoice.grossTotal | money }}</td>
            </tr>
          </tfoot>
        </table>
      </section>
    </div>

    <h3>Why it needs approval</h3>
    <table class="lines">
      <thead>
        <tr>
          <th>Line</th>
          <th class="num">Receipt price</th>
          <th class="num">Price variance</th>
          <th class="num">Quantity variance</th>
          <th>Tolerance</th>
          <th>Rule</th>
        </tr>
      </thead>
      <tbody>
        @for (line of payload().lines; track line.lineNo) {
          <tr data-testid="im-variance" [attr.data-within]="line.priceWithin && line.quantityWithin">
            <td>{{ line.lineNo }}</td>
            <td class="num">{{ line.receiptUnitPrice | money }}</td>
            <td class="num" [class.mismatch]="!line.priceWithin" data-testid="im-price-variance">
              {{ line.priceVariance | money }}
            </td>
            <td class="num" [class.mismatch]="!line.quantityWithin">{{ line.quantityVariance | money }}</td>
            <td>
              price {{ line.tolerance.priceTolerancePercent }} %
              @if (line.tolerance.priceToleranceAmount !== null) {
                (at most {{ line.tolerance.priceToleranceAmount | money }})
              }
              , quantity {{ line.tolerance.quantityTolerancePercent }} %
            </td>
            <td>{{ line.rule ?? 'default policy' }}</td>
          </tr>
        }
      </tbody>
    </table>
    <p class="muted">
      Rules: {{ payload().ruleSetCode ? payload().ruleSetCode + ' v' + payload().version : 'no rules published' }}
    </p>

    @if (decided(); as decision) {
      <p data-testid="im-decided">Decision recorded: {{ decision }}</p>
    }
    <mat-form-field appearance="outline" class="comment">
      <mat-label>Comment (kept with the decision; the reason, when rejecting)</mat-label>
      <textarea matInput rows="2" maxlength="500" data-testid="im-comment" [formControl]="comment"></textarea>
      @if (comment.hasError('server')) {
        <mat-error data-testid="im-comment-error">{{ comment.getError('server') }}</mat-error>
      }
    </mat-form-field>
    @if (!readonly()) {
      <div class="actions">
        <button mat-flat-button type="button" data-testid="im-approve" [disabled]="busy()" (click)="decide('approve')">
          Approve and post
        </button>
        <button mat-stroked-button type="button" data-testid="im-reject" [disabled]="busy()" (click)="decide('reject')">
          Reject
        </button>
      </div>
    }
  `,
  styleUrls: ['../tasks/dispatch-forms.scss', './invoice-match-approval-form.scss'],
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class InvoiceMatchApprovalForm {
  readonly payload = input.required<InvoiceMatchTaskPayload>();
  readonly readonly = input(false);
  readonly busy = input(false);
  /** For finished tasks: the decision and comment recorded. */
  readonly outcome = input<unknown>(null);
  readonly confirmed = output<InvoiceApproval>();

  protected readonly comment = new FormControl('', { nonNullable: true });
  protected readonly decided = computed(() => (this.outcome() as Partial<InvoiceApproval> | null)?.decision ?? null);

  constructor() {
    effect(() => {
      const recorded = (this.outcome() as Partial<InvoiceApproval> | null)?.comment;
      this.comment.setValue(typeof recorded === 'string' ? recorded : '');
    });
    effect(() => (this.readonly() ? this.comment.disable() : this.comment.enable()));
  }

  protected decide(decision: InvoiceApproval['decision']): void {
    if (this.readonly() || this.busy()) return;
    const comment = this.comment.value.trim();
    if (decision === 'reject' && !comment) {
      this.comment.setErrors({ server: 'Required to reject: say why the invoice is refused' });
      this.comment.markAsTouched();
      return;
    }
    this.confirmed.emit(comment ? { decision, comment } : { decision });
  }
}
