import {
  ChangeDetectionStrategy,
  Component,
  computed,
  DestroyRef,
  effect,
  ElementRef,
  inject,
  input,
  signal,
  viewChild,
} from '@angular/core';
import type { Chart } from 'chart.js';
import { ChartData } from './dashboard.types';

/** Distinct enough series colours (Material's tonal palette hues), taken in turn. */
const COLOURS = ['#3f51b5', '#e91e63', '#009688', '#ff9800', '#9c27b0', '#607d8b', '#795548', '#4caf50'];

type ChartModule = typeof import('./chart-setup');
let loading: Promise<ChartModule> | null = null;
/** chart.js, fetched once, the first time any chart is drawn. */
const loadCharts = (): Promise<ChartModule> => (loading ??= import('./chart-setup'));

/**
 * One dashboard chart: a line or bar chart of day (or category) series, drawn by chart.js on a canvas. The chart
 * library is loaded when the first chart is drawn (a dynamic import), so it never weighs on the first page. The
 * figure carries its series' total and state as attributes, and the canvas a text summary for screen readers.
 */
@Component({
  selector: 'mw-dashboard-chart',
  template: `
    <figure [attr.data-state]="state()" [attr.data-total]="total()" [attr.data-series]="seriesNames()">
      <figcaption>{{ title() }}</figcaption>
      <div class="canvas-box">
        <canvas #canvas role="img" [attr.aria-label]="summary()"></canvas>
      </div>
      @if (empty()) {
        <p class="muted" data-testid="chart-empty">Nothing in this period</p>
      }
    </figure>
  `,
  styles: `
    figure {
      margin: 0;
      min-width: 0;
    }
    figcaption {
      font-weight: 500;
      margin-bottom: 4px;
    }
    .canvas-box {
      position: relative;
      height: 220px;
    }
    .muted {
      color: var(--mat-sys-on-surface-variant);
      font-size: 12px;
      margin: 4px 0 0;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class DashboardChart {
  readonly title = input.required<string>();
  readonly data = input.required<ChartData>();
  readonly kind = input<'line' | 'bar'>('line');
  /** Bars of several series stacked on one another (e.g. breaches per task type on a day). */
  readonly stacked = input(false);

  private readonly canvas = viewChild.required<ElementRef<HTMLCanvasElement>>('canvas');
  protected readonly state = signal<'loading' | 'drawn' | 'failed'>('loading');
  protected readonly total = computed(() =>
    this.data().series.reduce((sum, s) => sum + s.values.reduce((a, b) => a + b, 0), 0),
  );
  protected readonly seriesNames = computed(() =>
    this.data()
      .series.map((s) => s.name)
      .join(','),
  );
  protected readonly empty = computed(() => this.data().series.every((s) => s.values.every((v) => v === 0)));
  protected readonly summary = computed(
    () =>
      `${this.title()}: ` +
      this.data()
        .series.map((s) => `${s.name} ${s.values.reduce((a, b) => a + b, 0)}`)
        .join(', '),
  );
  private chart: Chart | null = null;

  constructor() {
    inject(DestroyRef).onDestroy(() => this.chart?.destroy());
    effect(() => {
      const data = this.data();
      const kind = this.kind();
      const stacked = this.stacked();
      const canvas = this.canvas().nativeElement;
      loadCharts().then(
        ({ Chart: ChartJs }) => {
          this.chart?.destroy();
          this.chart = new ChartJs(canvas, {
            type: kind,
            data: {
              labels: data.labels,
              datasets: data.series.map((s, i) => ({
                label: s.name,
                data: s.values,
                borderColor: COLOURS[i % COLOURS.length],
                backgroundColor: COLOURS[i % COLOURS.length],
                tension: 0.2,
              })),
            },
            options: {
              responsive: true,
              maintainAspectRatio: false,
              animation: false,
              plugins: { legend: { display: data.series.length > 1, position: 'bottom' } },
              scales: { x: { stacked }, y: { stacked, beginAtZero: true } },
            },
          });
          this.state.set('drawn');
        },
        () => this.state.set('failed'),
      );
    });
  }
}
