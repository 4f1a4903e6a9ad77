import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { CurrencyService } from '../../../shared/currency.service';
import { formatMoney } from '../../../shared/money.pipe';
import { ProductionTimelineRow } from './production-order.types';

const qty = (value: number | null | undefined): string =>
  value === null || value === undefined ? '' : Number(value).toLocaleString(undefined, { maximumFractionDigits: 3 });

/** What each kind of row says, from the figures it carries. */
const SENTENCES: Record<string, (row: ProductionTimelineRow) => string> = {
  operation: (r) =>
    `Operation ${r.operationSeq ?? ''} reported: ${qty(r.good)} good, ${qty(r.scrap)} scrap, ${qty(r.labourHours)} h`,
  completion: (r) => {
    if (r.amount === null) return `Completion reported: ${qty(r.good)} good`;
    if (r.componentLineNo === null) return 'Finished goods received: labour and overhead out of WIP';
    return `Finished goods received: material of line ${r.componentLineNo} (${qty(r.quantity)}) out of WIP`;
  },
  material: (r) => `Kit issued, line ${r.componentLineNo ?? ''}: ${qty(r.quantity)}`,
  backflush: (r) => `Backflushed, line ${r.componentLineNo ?? ''}: ${qty(r.quantity)}`,
  labour: (r) => `Labour applied at operation ${r.operationSeq ?? ''}`,
  overhead: (r) => `Overhead applied at operation ${r.operationSeq ?? ''}`,
  return: (r) => `Returned to stock, line ${r.componentLineNo ?? ''}: ${qty(r.quantity)}`,
  'material-revaluation': (r) =>
    `Cost of line ${r.componentLineNo ?? ''} corrected after the fact (invoice price or backdated receipt)`,
  'late-revaluation': (r) => `Cost of line ${r.componentLineNo ?? ''} corrected after the order was closed`,
  variance: (r) =>
    r.componentLineNo === null
      ? 'Remaining WIP to production variance'
      : `Line ${r.componentLineNo}'s correction after close, straight to production variance`,
};

/** The order's history: reports and the postings they made, oldest first. */
@Component({
  selector: 'mw-production-order-timeline',
  imports: [DatePipe],
  template: `
    <ol class="timeline" data-testid="prd-timeline">
      @for (row of rows(); track $index) {
        <li data-testid="prd-timeline-row" [attr.data-kind]="row.kind">
          <span class="when muted">{{ row.at | date: 'short' }}</span>
          <span class="what">{{ row.sentence }}</span>
          @if (row.money) {
            <span class="amount">{{ row.money }}</span>
          }
          @if (row.by) {
            <span class="muted by">{{ row.by }}</span>
          }
        </li>
      } @empty {
        <li class="muted" data-testid="prd-timeline-none">Nothing reported yet.</li>
      }
    </ol>
  `,
  styles: `
    .timeline {
      list-style: none;
      margin: 0;
      padding: 0;
    }
    li {
      display: flex;
      flex-wrap: wrap;
      gap: 2px 12px;
      padding: 6px 0;
      border-bottom: 1px solid var(--mat-sys-outline-variant);
    }
    .what {
      flex: 1 1 200px;
      min-width: 0;
    }
    .amount {
      white-space: nowrap;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ProductionOrderTimeline {
  private readonly currency = inject(CurrencyService).code;
  readonly reports = input.required<ProductionTimelineRow[]>();

  protected readonly rows = computed(() =>
    this.reports().map((row) => ({
      ...row,
      sentence: SENTENCES[row.kind]?.(row) ?? row.kind,
      money: row.amount === null ? '' : formatMoney(row.amount, this.currency()),
    })),
  );
}
