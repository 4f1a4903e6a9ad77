import { ChangeDetectionStrategy, Component, DestroyRef, inject, signal, viewChild } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { Router } from '@angular/router';
import { AuthService } from '../../core/auth/auth.service';
import { DataList } from '../../shared/list/data-list';
import { ListCell } from '../../shared/list/list-cell';
import { ListColumn, ListFilter, ListPage } from '../../shared/list/list.types';
import { StatusChip } from '../../shared/status-chip';
import { MRP_RUN_STATUSES, MrpRunSummary } from './mrp-run.types';
import { MrpSimulationForm } from './mrp-simulation-form';

const when = (value: unknown): string => (value ? new Date(String(value)).toLocaleString() : '');
const count = (value: number | null): string => (value === null ? '' : String(value));

const COLUMNS: ListColumn<MrpRunSummary>[] = [
  { key: 'id', label: 'Run', essential: true },
  { key: 'status', label: 'Status', essential: true },
  { key: 'asOf', label: 'As of', value: (r) => `${r.asOf}${r.simulation ? ' (simulation)' : ''}` },
  { key: 'bucketCount', label: 'Buckets', value: (r) => `${r.bucketCount} × ${r.bucketSize}` },
  { key: 'levelsDone', label: 'Progress', essential: true },
  { key: 'plannedOrders', label: 'Planned orders', numeric: true, value: (r) => count(r.plannedOrders) },
  { key: 'exceptions', label: 'Exceptions', numeric: true, value: (r) => count(r.exceptions) },
  { key: 'createdAt', label: 'Started', value: (r) => `${when(r.createdAt)} ${r.createdBy}` },
  { key: 'finishedAt', label: 'Finished', value: (r) => when(r.finishedAt) },
];

const FILTERS: ListFilter[] = [
  { key: 'status', label: 'Status', options: MRP_RUN_STATUSES.map((value) => ({ value, label: value })) },
];

/** While a run is still working its progress changes: the list reads itself again this often. */
const POLL_MS = 2000;

/** MRP runs on the shared list with live progress; a row opens the run's plan. */
@Component({
  selector: 'mw-mrp-run-list-page',
  imports: [DataList, ListCell, StatusChip, MatButtonModule, MrpSimulationForm],
  template: `
    <section class="page">
      <header class="page-header">
        <h1>MRP runs</h1>
        @if (canPlan() && !simulating()) {
          <button mat-stroked-button type="button" data-testid="mrp-simulate" (click)="simulating.set(true)">
            Simulate
          </button>
        }
      </header>
      @if (simulating()) {
        <mw-mrp-simulation-form (started)="openRun($event)" (cancelled)="simulating.set(false)" />
      }
      <mw-data-list
        resource="mrp-runs"
        [columns]="columns"
        [filters]="filters"
        rowKey="id"
        defaultSort="-createdAt"
        [showActive]="false"
        noun="MRP runs"
        rowTestId="mrp-run-row"
        exportName="mrp-runs.csv"
        [rowAttributes]="rowAttributes"
        (pageLoaded)="pollWhileWorking($any($event))"
        (rowOpen)="open($any($event))"
      >
        <ng-template mwListCell="status" let-r><mw-status-chip [status]="r.status" /></ng-template>
        <ng-template mwListCell="levelsDone" let-r>
          <progress [max]="r.levelsTotal || 1" [value]="r.levelsDone"></progress>
          <span data-testid="mrp-run-progress"> {{ r.levelsDone }} / {{ r.levelsTotal }} levels</span>
        </ng-template>
      </mw-data-list>
    </section>
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class MrpRunListPage {
  private readonly router = inject(Router);
  private readonly list = viewChild.required(DataList);
  private timer: ReturnType<typeof setTimeout> | undefined;

  protected readonly columns = COLUMNS as ListColumn<never>[];
  protected readonly filters = FILTERS;
  /** Planners and admins start runs: a what-if from here. */
  protected readonly canPlan = () => this.auth.hasAnyRole('planner', 'admin');
  protected readonly simulating = signal(false);
  private readonly auth = inject(AuthService);
  protected readonly rowAttributes = (row: Record<string, unknown>) => ({
    'data-id': String(row['id']),
    'data-status': String(row['status']),
  });

  constructor() {
    inject(DestroyRef).onDestroy(() => clearTimeout(this.timer));
  }

  /** A queued or calculating run on the page: read the page again shortly (its progress moves). */
  protected pollWhileWorking(page: ListPage<MrpRunSummary>): void {
    clearTimeout(this.timer);
    if (page.items.some((r) => r.status === 'queued' || r.status === 'calculating')) {
      this.timer = setTimeout(() => this.list().reload(), POLL_MS);
    }
  }

  protected open(run: MrpRunSummary): void {
    this.openRun(run.id);
  }

  protected openRun(id: number): void {
    void this.router.navigate(['/planning/mrp-runs', id]);
  }
}
