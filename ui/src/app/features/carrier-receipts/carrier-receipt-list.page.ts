import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { Router, RouterLink } from '@angular/router';
import { AuthService } from '../../core/auth/auth.service';
import { DataList } from '../../shared/list/data-list';
import { ListCell } from '../../shared/list/list-cell';
import { ListColumn, ListFilter } from '../../shared/list/list.types';
import { StatusChip } from '../../shared/status-chip';
import { CarrierReceiptSummary } from './carrier-receipt.types';

/** Every column but the deliveries sorts on the server. */
const COLUMNS: ListColumn<CarrierReceiptSummary>[] = [
  { key: 'receiptNumber', label: 'Receipt', essential: true },
  { key: 'carrier', label: 'Carrier', essential: true, value: (r) => `${r.carrierName} (${r.carrierCode})` },
  { key: 'reference', label: 'Reference' },
  { key: 'date', label: 'Dated' },
  { key: 'amount', label: 'Amount', money: true },
  { key: 'deliveries', label: 'Deliveries', sortable: false, value: (r) => r.deliveries.join(', ') },
  { key: 'status', label: 'Status', essential: true },
];

const FILTERS: ListFilter[] = [
  {
    key: 'status',
    label: 'Status',
    options: ['posting', 'posted', 'refused'].map((value) => ({ value, label: value })),
  },
  { key: 'delivery', label: 'Delivery' },
];

/** Carrier receipts (freight on deliveries) on the shared list; clerks enter new ones, a row opens its shares. */
@Component({
  selector: 'mw-carrier-receipt-list-page',
  imports: [DataList, ListCell, RouterLink, MatButtonModule, StatusChip],
  template: `
    <section class="page">
      <header class="page-header">
        <h1>Carrier receipts</h1>
        <span class="spacer"></span>
        @if (canCreate()) {
          <a mat-flat-button routerLink="/carrier-receipts/new" data-testid="cr-new">Enter carrier receipt</a>
        }
      </header>
      <mw-data-list
        resource="carrier-receipts"
        [columns]="columns"
        [filters]="filters"
        rowKey="receiptNumber"
        defaultSort="-receiptNumber"
        [showActive]="false"
        noun="carrier receipts"
        rowTestId="cr-row"
        [rowAttributes]="rowAttributes"
        (rowOpen)="open($any($event))"
      >
        <ng-template mwListCell="status" let-r>
          <mw-status-chip data-testid="cr-status" [status]="r.status" />
        </ng-template>
      </mw-data-list>
    </section>
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class CarrierReceiptListPage {
  private readonly auth = inject(AuthService);
  private readonly router = inject(Router);

  protected readonly canCreate = computed(() => this.auth.hasAnyRole('clerk', 'admin'));
  protected readonly columns = COLUMNS as ListColumn<never>[];
  protected readonly filters = FILTERS;
  protected readonly rowAttributes = (row: Record<string, unknown>) => ({
    'data-receipt-number': String(row['receiptNumber']),
  });

  protected open(row: CarrierReceiptSummary): void {
    void this.router.navigate(['/carrier-receipts', row.receiptNumber]);
  }
}
