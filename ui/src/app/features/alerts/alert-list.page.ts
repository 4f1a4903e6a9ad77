import { ChangeDetectionStrategy, Component, inject, signal, viewChild } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { DataList } from '../../shared/list/data-list';
import { ListCell } from '../../shared/list/list-cell';
import { ListColumn, ListFilter } from '../../shared/list/list.types';
import { StatusChip } from '../../shared/status-chip';
import { AlertService } from './alert.service';
import { ALERT_KIND_LABELS, ALERT_KINDS, AlertSummary } from './alert.types';

const when = (value: string | null) => (value ? value.slice(0, 16).replace('T', ' ') : '');

/** Columns the server sorts by carry no `sortable: false`. */
const COLUMNS: ListColumn<AlertSummary>[] = [
  { key: 'kind', label: 'Kind', essential: true, value: (a) => ALERT_KIND_LABELS[a.kind] },
  { key: 'subject', label: 'Subject', essential: true },
  { key: 'status', label: 'Status', essential: true },
  { key: 'reason', label: 'Reason', sortable: false },
  { key: 'raisedAt', label: 'Raised', value: (a) => when(a.raisedAt) },
  { key: 'raiseCount', label: 'Raised times', numeric: true },
  {
    key: 'acknowledgedAt',
    label: 'Acknowledged',
    value: (a) => (a.acknowledgedBy ?? '') + ' ' + when(a.acknowledgedAt),
  },
  { key: 'actions', label: '', sortable: false },
];

const FILTERS: ListFilter[] = [
  { key: 'kind', label: 'Kind', options: ALERT_KINDS.map((value) => ({ value, label: ALERT_KIND_LABELS[value] })) },
  {
    key: 'status',
    label: 'Status',
    options: ['open', 'acknowledged', 'resolved'].map((value) => ({ value, label: value })),
  },
  {
    key: 'forMe',
    label: 'Mine',
    options: [{ value: 'true', label: 'Kinds my roles concern' }],
  },
];

/**
 * Every alert on the shared list (sort, filters and page in the URL, CSV export): why it was raised, how it stands,
 * who acknowledged it; an open one the user's roles concern can be acknowledged from its row.
 */
@Component({
  selector: 'mw-alert-list-page',
  imports: [DataList, ListCell, StatusChip, MatButtonModule],
  template: `
    <section class="page">
      <header class="page-header">
        <h1>Alerts</h1>
      </header>
      <mw-data-list
        resource="alerts"
        [columns]="columns"
        [filters]="filters"
        rowKey="id"
        defaultSort="-raisedAt"
        [showActive]="false"
        noun="alerts"
        rowTestId="alert-row"
        [rowAttributes]="rowAttributes"
      >
        <ng-template mwListCell="status" let-a>
          <mw-status-chip data-testid="alert-row-status" [status]="a.status" />
        </ng-template>
        <ng-template mwListCell="actions" let-a>
          @if (alerts.canAcknowledge(a)) {
            <button
              mat-stroked-button
              type="button"
              data-testid="alert-row-acknowledge"
              [disabled]="busy() === a.id"
              (click)="acknowledge(a)"
            >
              Acknowledge
            </button>
          }
        </ng-template>
      </mw-data-list>
    </section>
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class AlertListPage {
  protected readonly alerts = inject(AlertService);
  private readonly list = viewChild.required(DataList);
  protected readonly columns = COLUMNS as ListColumn<never>[];
  protected readonly filters = FILTERS;
  protected readonly busy = signal<number | null>(null);
  protected readonly rowAttributes = (row: Record<string, unknown>) => ({
    'data-subject': String(row['subject']),
    'data-kind': String(row['kind']),
  });

  protected acknowledge(alert: AlertSummary): void {
    this.busy.set(alert.id);
    this.alerts.acknowledge(alert.id).subscribe({
      next: () => {
        this.busy.set(null);
        this.list().reload();
      },
      error: () => this.busy.set(null),
    });
  }
}
