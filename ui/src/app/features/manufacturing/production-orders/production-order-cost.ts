import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { MoneyPipe } from '../../../shared/money.pipe';
import { ProductionCost } from './production-order.types';

/** One figure of the cost build-up: material, labour and overhead in, completed out, variance at close, WIP left. */
interface CostLine {
  key: keyof ProductionCost;
  label: string;
  hint: string;
}

const LINES: CostLine[] = [
  {
    key: 'material',
    label: 'Material',
    hint: 'issued and backflushed at FIFO cost, less returns, with later cost corrections',
  },
  { key: 'labour', label: 'Labour', hint: 'hours reported x the work centre labour rate' },
  { key: 'overhead', label: 'Overhead', hint: 'hours reported x the work centre overhead rate' },
  { key: 'completed', label: 'Completed', hint: 'received into stock as finished goods' },
  { key: 'variance', label: 'Variance', hint: 'what was left in WIP at close, and corrections after it' },
  { key: 'wip', label: 'Work in progress', hint: 'what the order still holds' },
];

/** Cost so far, per element, as the order's postings into WIP (account 1400) add up. */
@Component({
  selector: 'mw-production-order-cost',
  imports: [MoneyPipe],
  template: `
    <dl class="cost" data-testid="prd-cost">
      @for (line of lines; track line.key) {
        <div
          class="line"
          data-testid="prd-cost-line"
          [attr.data-kind]="line.key"
          [attr.data-amount]="amounts()[line.key]"
        >
          <dt>
            {{ line.label }}
            <span class="muted hint">{{ line.hint }}</span>
          </dt>
          <dd>{{ amounts()[line.key] | money }}</dd>
        </div>
      }
    </dl>
  `,
  styles: `
    .cost {
      margin: 0;
    }
    .line {
      display: flex;
      gap: 12px;
      justify-content: space-between;
      align-items: baseline;
      padding: 6px 0;
      border-bottom: 1px solid var(--mat-sys-outline-variant);
    }
    .line[data-kind='wip'] {
      font-weight: 500;
    }
    dt {
      min-width: 0;
    }
    .hint {
      display: block;
      font-size: 12px;
    }
    dd {
      margin: 0;
      white-space: nowrap;
      text-align: right;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ProductionOrderCostPanel {
  readonly cost = input.required<ProductionCost>();
  protected readonly lines = LINES;
  /** Rounded to the cent, so the attribute tests read is the amount shown. */
  protected readonly amounts = computed(() => {
    const cost = this.cost();
    const out = {} as Record<keyof ProductionCost, number>;
    for (const line of LINES) out[line.key] = Math.round(Number(cost[line.key] ?? 0) * 100) / 100;
    return out;
  });
}
