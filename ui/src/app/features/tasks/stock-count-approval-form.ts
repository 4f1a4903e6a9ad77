import { DecimalPipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, input, output } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MoneyPipe } from '../../shared/money.pipe';

/** One line after a count as the approval task carries it (workflows/stock-count CountDifference). */
export interface StockCountDifference {
  lineNo: number;
  itemSku: string;
  lotCode: string | null;
  counted: number;
  expected: number;
  difference: number;
  unitCost: number;
  value: number;
}

/** Payload of a `stock-count-approval` task. */
export interface StockCountApprovalPayload {
  countNumber: string;
  warehouseCode: string;
  locationCode: string;
  reason: string;
  differences: StockCountDifference[];
  /** Sum of the lines' absolute difference values. */
  absValue: number;
  /** The value above which a controller approves (from the cycle-count rules). */
  threshold: number;
}

export interface StockCountApprovalCompletion {
  decision: 'approve' | 'recount';
}

/**
 * The controller's approval of a count difference above the threshold: per line counted, book, difference and its
 * value; approve posts the difference, recount sends the bin back to be counted again.
 */
@Component({
  selector: 'mw-stock-count-approval-form',
  imports: [DecimalPipe, MoneyPipe, MatButtonModule],
  template: `
    <p>
      Count <strong data-testid="approval-count-number">{{ payload().countNumber }}</strong> of bin
      <strong>{{ payload().locationCode }}</strong> ({{ payload().reason }}): differences worth
      <strong data-testid="approval-abs-value">{{ payload().absValue | money }}</strong>, above the
      {{ payload().threshold | money }} that needs approval.
    </p>
    <div class="scroll">
      <table class="differences" data-testid="approval-differences">
        <thead>
          <tr>
            <th>Item</th>
            <th>Lot</th>
            <th class="num">Counted</th>
            <th class="num">Book</th>
            <th class="num">Difference</th>
            <th class="num">Unit cost</th>
            <th class="num">Value</th>
          </tr>
        </thead>
        <tbody>
          @for (line of payload().differences; track line.lineNo) {
            <tr data-testid="approval-line">
              <td>{{ line.itemSku }}</td>
              <td>{{ line.lotCode ?? '—' }}</td>
              <td class="num">{{ line.counted | number: '1.0-3' }}</td>
              <td class="num">{{ line.expected | number: '1.0-3' }}</td>
              <td class="num" [class.loss]="line.difference < 0">{{ line.difference | number: '1.0-3' }}</td>
              <td class="num">{{ line.unitCost | money }}</td>
              <td class="num" data-testid="approval-line-value" [class.loss]="line.value < 0">
                {{ line.value | money }}
              </td>
            </tr>
          }
        </tbody>
        <tfoot>
          <tr>
            <td colspan="6">Net</td>
            <td class="num" data-testid="approval-net">{{ net() | money }}</td>
          </tr>
        </tfoot>
      </table>
    </div>
    @if (decided(); as decision) {
      <p data-testid="approval-decided">Decision recorded: {{ decision }}</p>
    }
    @if (!readonly()) {
      <div class="actions">
        <button
          mat-flat-button
          type="button"
          data-testid="count-approve"
          [disabled]="busy()"
          (click)="decide('approve')"
        >
          Approve and post
        </button>
        <button
          mat-stroked-button
          type="button"
          data-testid="count-send-back"
          [disabled]="busy()"
          (click)="decide('recount')"
        >
          Send back for recount
        </button>
      </div>
    }
  `,
  styles: `
    .scroll {
      overflow-x: auto;
      max-width: 100%;
    }
    .differences {
      border-collapse: collapse;
      th,
      td {
        padding: 6px 10px;
        text-align: left;
        border-bottom: 1px solid var(--mat-sys-outline-variant);
      }
      .num {
        text-align: right;
        font-variant-numeric: tabular-nums;
      }
      tfoot td {
        font-weight: 600;
      }
    }
    .loss {
      color: var(--mat-sys-error);
    }
    .actions {
      display: flex;
      flex-wrap: wrap;
      gap: 12px;
      margin-top: 16px;
      button {
        min-height: 44px;
      }
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class StockCountApprovalForm {
  readonly payload = input.required<StockCountApprovalPayload>();
  readonly readonly = input(false);
  readonly busy = input(false);
  readonly outcome = input<unknown>(null);
  readonly confirmed = output<StockCountApprovalCompletion>();

  protected readonly net = computed(() => this.payload().differences.reduce((sum, line) => sum + line.value, 0));
  protected readonly decided = computed(
    () => (this.outcome() as Partial<StockCountApprovalCompletion> | null)?.decision ?? null,
  );

  protected decide(decision: StockCountApprovalCompletion['decision']): void {
    if (this.readonly() || this.busy()) return;
    this.confirmed.emit({ decision });
  }
}
