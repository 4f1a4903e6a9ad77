import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { MatButtonToggleModule } from '@angular/material/button-toggle';
import { CurrencyService } from '../../shared/currency.service';
import { DataList } from '../../shared/list/data-list';
import { ListColumn, ListFilter, ListPage } from '../../shared/list/list.types';
import { formatMoney } from '../../shared/money.pipe';

type Side = 'receivables' | 'payables';

const COLUMNS: ListColumn[] = [
  {
    key: 'partner',
    label: 'Partner',
    essential: true,
    sortable: false,
    value: (r) => `${r['partnerName']} (${r['partner']})`,
  },
  { key: 'invoices', label: 'Invoices', numeric: true, sortable: false },
  { key: 'current', label: 'Current', money: true, sortable: false },
  { key: 'days1to30', label: '1–30', money: true, sortable: false },
  { key: 'days31to60', label: '31–60', money: true, sortable: false },
  { key: 'days61to90', label: '61–90', money: true, sortable: false },
  { key: 'over90', label: '> 90', money: true, sortable: false },
  { key: 'total', label: 'Total', money: true, essential: true, sortable: false },
];
const FILTERS: ListFilter[] = [
  { key: 'asOf', label: 'As of', type: 'date' },
  { key: 'partner', label: 'Partner code' },
];

interface AgingTotals {
  totals: Record<string, number>;
  ledger: { account: string; balance: number };
  difference: number;
  asOf: string;
}

/** Receivables and payables aging on the shared list, with the control account it reconciles with. */
@Component({
  selector: 'mw-aging-page',
  imports: [DataList, MatButtonToggleModule],
  template: `
    <section class="page">
      <header class="page-header">
        <h1>Aging</h1>
        <span class="spacer"></span>
        <mat-button-toggle-group [value]="side()" (change)="side.set($event.value)" data-testid="aging-side">
          <mat-button-toggle value="receivables">Receivables</mat-button-toggle>
          <mat-button-toggle value="payables">Payables</mat-button-toggle>
        </mat-button-toggle-group>
      </header>
      @if (summary(); as s) {
        <p data-testid="aging-reconciliation">
          As of {{ s.asOf }}: open {{ money(s.totals['total']) }}, account {{ s.ledger.account }}
          {{ money(s.ledger.balance) }}, difference {{ money(s.difference) }}
        </p>
      }
      @if (side() === 'receivables') {
        <mw-data-list
          resource="reports/receivables-aging"
          [columns]="columns"
          [filters]="filters"
          rowKey="partner"
          [showActive]="false"
          noun="customers"
          rowTestId="aging-row"
          (pageLoaded)="loaded($event)"
        />
      } @else {
        <mw-data-list
          resource="reports/payables-aging"
          [columns]="columns"
          [filters]="filters"
          rowKey="partner"
          [showActive]="false"
          noun="suppliers"
          rowTestId="aging-row"
          (pageLoaded)="loaded($event)"
        />
      }
    </section>
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class AgingPage {
  private readonly currency = inject(CurrencyService).code;
  protected readonly side = signal<Side>('receivables');
  protected readonly summary = signal<AgingTotals | null>(null);
  protected readonly columns = COLUMNS as ListColumn<never>[];
  protected readonly filters = FILTERS;

  protected loaded(page: ListPage<Record<string, unknown>>): void {
    this.summary.set(page as unknown as AgingTotals);
  }

  protected money(value: number | undefined): string {
    return formatMoney(value, this.currency());
  }
}
