import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { Router, RouterLink } from '@angular/router';
import { AuthService } from '../../core/auth/auth.service';
import { DataList } from '../../shared/list/data-list';
import { ListColumn, ListFilter } from '../../shared/list/list.types';
import { Forecast } from './forecast.service';

const COLUMNS: ListColumn<Forecast>[] = [
  { key: 'forecastDate', label: 'Day', essential: true },
  { key: 'itemSku', label: 'Item', essential: true },
  { key: 'itemName', label: 'Name' },
  { key: 'quantity', label: 'Quantity', numeric: true, essential: true },
  { key: 'note', label: 'Note', sortable: false },
  { key: 'createdBy', label: 'Recorded by' },
];

const FILTERS: ListFilter[] = [
  { key: 'itemSku', label: 'Item (SKU)' },
  { key: 'from', label: 'From', type: 'date' },
  { key: 'to', label: 'To', type: 'date' },
];

/** Forecasts on the shared list (by day; sort, filter by item and days, CSV); a row opens it to change. */
@Component({
  selector: 'mw-forecast-list-page',
  imports: [DataList, MatButtonModule, RouterLink],
  template: `
    <section class="page">
      <header class="page-header">
        <h1>Forecasts</h1>
        @if (canWrite) {
          <a mat-flat-button routerLink="/planning/forecasts/new" data-testid="forecast-new">New forecast</a>
        }
      </header>
      <mw-data-list
        resource="forecasts"
        [columns]="columns"
        [filters]="filters"
        rowKey="id"
        defaultSort="forecastDate"
        [showActive]="false"
        noun="forecasts"
        rowTestId="forecast-row"
        exportName="forecasts.csv"
        [rowAttributes]="rowAttributes"
        (rowOpen)="open($any($event))"
      />
    </section>
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ForecastListPage {
  private readonly router = inject(Router);
  protected readonly columns = COLUMNS as ListColumn<never>[];
  protected readonly filters = FILTERS;
  /** Planners and admins keep forecasts; supervisors and auditors read them. */
  protected readonly canWrite = inject(AuthService).hasAnyRole('planner', 'admin');
  protected readonly rowAttributes = (row: Record<string, unknown>) => ({
    'data-id': String(row['id']),
    'data-sku': String(row['itemSku']),
    'data-day': String(row['forecastDate']),
  });

  protected open(forecast: Forecast): void {
    void this.router.navigate(['/planning/forecasts', forecast.id]);
  }
}
