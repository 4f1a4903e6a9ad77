import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { Router, RouterLink } from '@angular/router';
import { AuthService } from '../../core/auth/auth.service';
import { DataList } from '../../shared/list/data-list';
import { ListCell } from '../../shared/list/list-cell';
import { ListColumn, ListFilter } from '../../shared/list/list.types';
import { StatusChip } from '../../shared/status-chip';
import { WaveRow } from './wave.types';

const when = (value: string | null): string => (value ? new Date(value).toLocaleString() : '');
const STEPS = ['joining', 'planning', 'picking', 'sorting', 'releasing', 'completed', 'cancelled'];

const COLUMNS: ListColumn<WaveRow>[] = [
  { key: 'waveId', label: 'Wave', essential: true },
  { key: 'status', label: 'Status' },
  { key: 'currentStep', label: 'Step', essential: true },
  { key: 'openTasks', label: 'Open tasks', numeric: true, essential: true },
  { key: 'startedAt', label: 'Released', value: (r) => when(r.startedAt) },
  { key: 'closedAt', label: 'Ended', value: (r) => when(r.closedAt) },
];
const FILTERS: ListFilter[] = [
  {
    key: 'status',
    label: 'Status',
    options: ['running', 'completed', 'cancelled', 'failed'].map((v) => ({ value: v, label: v })),
  },
  { key: 'step', label: 'Step', options: STEPS.map((v) => ({ value: v, label: v })) },
];

/** Released pick waves on the shared list; a row opens the wave's progress. */
@Component({
  selector: 'mw-wave-list-page',
  imports: [DataList, ListCell, StatusChip, MatButtonModule, RouterLink],
  template: `
    <section class="page">
      <header class="page-header">
        <h1>Released waves</h1>
        @if (canPlan) {
          <a mat-stroked-button routerLink="/waves" data-testid="waves-board-link">Plan waves</a>
        }
      </header>
      <mw-data-list
        resource="waves"
        [columns]="columns"
        [filters]="filters"
        rowKey="waveId"
        defaultSort="-startedAt"
        [showActive]="false"
        noun="waves"
        rowTestId="wave-row"
        exportName="waves.csv"
        [rowAttributes]="rowAttributes"
        (rowOpen)="open($event)"
      >
        <ng-template mwListCell="status" let-r><mw-status-chip [status]="r.status" /></ng-template>
      </mw-data-list>
    </section>
  `,
  styleUrl: './waves.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class WaveListPage {
  private readonly router = inject(Router);
  protected readonly canPlan = inject(AuthService).hasAnyRole('supervisor', 'admin');
  protected readonly columns = COLUMNS as ListColumn<never>[];
  protected readonly filters = FILTERS;
  protected readonly rowAttributes = (row: Record<string, unknown>) => ({ 'data-wave': String(row['waveId']) });

  protected open(row: Record<string, unknown>): void {
    void this.router.navigate(['/waves', String(row['waveId'])]);
  }
}
