import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { Router, RouterLink } from '@angular/router';
import { DataList } from '../../shared/list/data-list';
import { ListCell } from '../../shared/list/list-cell';
import { ListColumn, ListFilter } from '../../shared/list/list.types';
import { StatusChip } from '../../shared/status-chip';
import { InspectionLotRow } from './quality.types';

/** Every column sorts on the server (api/quality/inspection-lot-list). */
const COLUMNS: ListColumn<InspectionLotRow>[] = [
  { key: 'lotNo', label: 'Lot', essential: true },
  { key: 'itemSku', label: 'Item', essential: true },
  { key: 'supplierCode', label: 'Supplier', value: (r) => r.supplierCode ?? '—' },
  { key: 'sourceDocument', label: 'Document' },
  { key: 'quantity', label: 'Quantity' },
  {
    key: 'severity',
    label: 'Sample',
    value: (r) => `${r.sampleSize} (Ac ${r.ac ?? '—'} / Re ${r.re ?? '—'}) ${r.severity ?? ''}`.trim(),
  },
  { key: 'verdict', label: 'Verdict', value: (r) => r.verdict ?? '—' },
  { key: 'status', label: 'Status', essential: true },
  { key: 'createdAt', label: 'Received' },
];

const options = (...values: string[]) => values.map((value) => ({ value, label: value }));
const FILTERS: ListFilter[] = [
  {
    key: 'status',
    label: 'Status',
    options: options('inspecting', 'awaiting-disposition', 'awaiting-concession', 'disposed', 'released'),
  },
  { key: 'verdict', label: 'Verdict', options: options('accepted', 'rejected') },
  { key: 'supplier', label: 'Supplier' },
  { key: 'item', label: 'Item' },
];

/** Inspection lots on the shared list (sort, filters and page in the URL, CSV export); a row opens the lot. */
@Component({
  selector: 'mw-inspection-lot-list-page',
  imports: [DataList, ListCell, RouterLink, MatButtonModule, StatusChip],
  template: `
    <section class="page">
      <header class="page-header">
        <h1>Inspection lots</h1>
        <span class="spacer"></span>
        <a mat-button routerLink="/tasks" [queryParams]="{ processType: 'quality-inspection' }" data-testid="qc-inbox"
          >Inspection inbox</a
        >
        <a mat-button routerLink="/quality/suppliers" data-testid="qc-suppliers-link">Supplier quality</a>
      </header>
      <mw-data-list
        resource="quality/inspection-lots"
        [columns]="columns"
        [filters]="filters"
        rowKey="lotNo"
        defaultSort="-lotNo"
        [showActive]="false"
        noun="inspection lots"
        rowTestId="qc-lot-row"
        exportName="inspection-lots.csv"
        [rowAttributes]="rowAttributes"
        (rowOpen)="open($any($event))"
      >
        <ng-template mwListCell="status" let-r>
          <mw-status-chip data-testid="qc-lot-status" [status]="r.status" />
        </ng-template>
      </mw-data-list>
    </section>
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class InspectionLotListPage {
  private readonly router = inject(Router);
  protected readonly columns = COLUMNS as ListColumn<never>[];
  protected readonly filters = FILTERS;
  protected readonly rowAttributes = (row: Record<string, unknown>) => ({ 'data-lot-no': String(row['lotNo']) });

  protected open(row: InspectionLotRow): void {
    void this.router.navigate(['/quality/lots', row.lotNo]);
  }
}
