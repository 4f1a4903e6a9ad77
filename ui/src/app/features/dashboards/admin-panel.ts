import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { DashboardChart } from './dashboard-chart';
import { DashboardFigure } from './dashboard-figure';
import { DashboardService } from './dashboard.service';
import { AdminDashboard, ChartData } from './dashboard.types';
import { PANEL_STYLES } from './work-panels';

/** 2026-12-03 -> 12-03: the day axis without the year. */
const shortDay = (day: string) => day.slice(5);

/** The charts' data, derived from one answer of /api/dashboards/admin. */
function chartsOf(d: AdminDashboard): Record<string, ChartData> {
  const days = d.days.map(shortDay);
  return {
    throughput: { labels: days, series: d.throughput },
    slaBreaches: { labels: days, series: d.slaBreaches },
    ruleDecisions: { labels: days, series: d.ruleDecisions },
    inventoryValue: { labels: days, series: [{ name: 'Inventory (1300)', values: d.inventoryValue }] },
    stockAging: {
      labels: d.stockAging.map((b) => `${b.bucket} days`),
      series: [{ name: 'Value', values: d.stockAging.map((b) => b.value) }],
    },
    valueByCategory: {
      labels: d.valueByCategory.map((c) => c.category),
      series: [{ name: 'Value', values: d.valueByCategory.map((c) => c.value) }],
    },
  };
}

/**
 * An administrator's home: every open task, and over the last 14 days processes completed per type, SLA breaches per
 * task type and rule decisions per rule-set version; stock by lot age, value per category and inventory per day.
 */
@Component({
  selector: 'mw-admin-panel',
  imports: [DashboardChart, DashboardFigure],
  template: `
    <section data-testid="dash-admin" [attr.data-state]="data() ? 'loaded' : 'loading'">
      <h2>Operations, last {{ data()?.days?.length ?? 14 }} days</h2>
      @if (data(); as d) {
        <div class="row">
          <mw-figure data-testid="dash-all-open" label="Open tasks" [value]="d.tasks.open" />
          <mw-figure data-testid="dash-all-due-soon" label="Due soon" [value]="d.tasks.dueSoon" />
          <mw-figure data-testid="dash-all-breached" label="Past due" [value]="d.tasks.breached" [alarm]="true" />
        </div>
        @if (charts(); as c) {
          <div class="charts">
            <mw-dashboard-chart data-testid="chart-throughput" title="Processes completed" [data]="c['throughput']!" />
            <mw-dashboard-chart
              data-testid="chart-sla-breaches"
              title="SLA breaches"
              kind="bar"
              [stacked]="true"
              [data]="c['slaBreaches']!"
            />
            <mw-dashboard-chart
              data-testid="chart-rule-decisions"
              title="Rule decisions per version"
              [data]="c['ruleDecisions']!"
            />
            <mw-dashboard-chart
              data-testid="chart-inventory-value"
              title="Inventory value"
              [data]="c['inventoryValue']!"
            />
            <mw-dashboard-chart
              data-testid="chart-stock-aging"
              title="Stock by age"
              kind="bar"
              [data]="c['stockAging']!"
            />
            <mw-dashboard-chart
              data-testid="chart-value-by-category"
              title="Stock value per category"
              kind="bar"
              [data]="c['valueByCategory']!"
            />
          </div>
        }
      }
    </section>
  `,
  styles: [
    PANEL_STYLES,
    `
      .charts {
        display: grid;
        grid-template-columns: repeat(auto-fill, minmax(320px, 1fr));
        gap: 16px;
        margin-top: 12px;
      }
    `,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class AdminPanel {
  protected readonly data = toSignal(inject(DashboardService).admin());
  protected readonly charts = computed(() => {
    const d = this.data();
    return d ? chartsOf(d) : null;
  });
}
