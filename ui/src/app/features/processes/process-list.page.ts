import { ChangeDetectionStrategy, Component, inject, viewChild } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { Router, RouterLink } from '@angular/router';
import { PROCESS_TYPES, ProcessInstance } from '../../shared/api.types';
import { HumanizePipe } from '../../shared/humanize.pipe';
import { DataList } from '../../shared/list/data-list';
import { ListCell } from '../../shared/list/list-cell';
import { ListColumn, ListFilter } from '../../shared/list/list.types';
import { StatusChip } from '../../shared/status-chip';
import { AlertsPanel } from '../alerts/alerts-panel';
import { DashboardSlot } from '../dashboards/dashboard-slot';

const when = (value: unknown): string => (value ? new Date(String(value)).toLocaleString() : '');
const humanize = (text: string) => text.replace(/-/g, ' ').replace(/^./, (first) => first.toUpperCase());

/** Every column sorts on the server. */
const COLUMNS: ListColumn<ProcessInstance>[] = [
  { key: 'processType', label: 'Process type', value: (p) => humanize(p.processType) },
  { key: 'businessKey', label: 'Business key', essential: true },
  { key: 'status', label: 'Status', essential: true },
  { key: 'currentStep', label: 'Current step', value: (p) => p.currentStep || '—' },
  { key: 'startedAt', label: 'Started', value: (p) => when(p.startedAt) },
  { key: 'updatedAt', label: 'Updated', value: (p) => when(p.updatedAt) },
];

/** How a process ended or stands; a start still in the outbox is "starting" to people. */
const STATUSES = [
  { value: 'running', label: 'running' },
  { value: 'pending', label: 'starting' },
  { value: 'completed', label: 'completed' },
  { value: 'cancelled', label: 'cancelled' },
  { value: 'rejected', label: 'rejected' },
  { value: 'failed', label: 'failed' },
  { value: 'terminated', label: 'terminated' },
];

const FILTERS: ListFilter[] = [
  {
    key: 'processType',
    label: 'Process type',
    testId: 'process-filter-type',
    options: PROCESS_TYPES.map((type) => ({ value: type, label: humanize(type) })),
  },
  { key: 'status', label: 'Status', testId: 'process-filter-status', options: STATUSES },
  { key: 'businessKey', label: 'Business key', testId: 'process-filter-key' },
  { key: 'customer', label: 'Customer' },
  { key: 'item', label: 'Item' },
  { key: 'startedFrom', label: 'Started from', type: 'date' },
  { key: 'startedTo', label: 'Started to', type: 'date' },
];

/** The process instances on the shared list: every column sorts, filters and page live in the URL. */
@Component({
  selector: 'mw-process-list-page',
  imports: [DataList, ListCell, RouterLink, MatButtonModule, StatusChip, HumanizePipe, AlertsPanel, DashboardSlot],
  template: `
    <section class="page">
      <header class="page-header">
        <h1>Process instances</h1>
        <span class="spacer"></span>
        <button mat-stroked-button type="button" data-testid="process-refresh" (click)="list().reload()">
          Refresh
        </button>
      </header>
      <mw-alerts-panel />
      <mw-dashboard-slot />
      <mw-data-list
        resource="processes"
        [columns]="columns"
        [filters]="filters"
        rowKey="workflowId"
        defaultSort="-startedAt"
        [showActive]="false"
        noun="process instances"
        rowTestId="process-row"
        [rowAttributes]="rowAttributes"
        (rowOpen)="open($any($event))"
      >
        <ng-template mwListCell="processType" let-row>{{ row.processType | humanize }}</ng-template>
        <ng-template mwListCell="businessKey" let-row>
          <a [routerLink]="['/processes', row.workflowId]" data-testid="process-link">{{ row.businessKey }}</a>
        </ng-template>
        <ng-template mwListCell="status" let-row>
          <mw-status-chip data-testid="process-status" [status]="row.status" />
        </ng-template>
      </mw-data-list>
    </section>
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ProcessListPage {
  private readonly router = inject(Router);
  protected readonly list = viewChild.required(DataList);
  protected readonly columns = COLUMNS as ListColumn<never>[];
  protected readonly filters = FILTERS;
  protected readonly rowAttributes = (row: Record<string, unknown>) => ({
    'data-business-key': String(row['businessKey']),
    'data-workflow-id': String(row['workflowId']),
  });

  protected open(row: ProcessInstance): void {
    void this.router.navigate(['/processes', row.workflowId]);
  }
}
