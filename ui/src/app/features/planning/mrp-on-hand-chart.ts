import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { GridRow } from './mrp-run.types';

const W = 640;
const H = 160;
const PAD = 24;

/** Projected on hand per bucket as a line against the safety stock (dashed): drawn as SVG, no chart library. */
@Component({
  selector: 'mw-mrp-on-hand-chart',
  template: `
    <svg
      class="chart"
      [attr.viewBox]="'0 0 ' + width + ' ' + height"
      role="img"
      data-testid="mrp-chart"
      [attr.aria-label]="'Projected on hand against a safety stock of ' + safetyStock()"
    >
      <line
        [attr.x1]="pad"
        [attr.x2]="width - pad"
        [attr.y1]="y(0)"
        [attr.y2]="y(0)"
        stroke="currentColor"
        stroke-opacity="0.3"
      />
      <line
        data-testid="mrp-chart-safety"
        [attr.x1]="pad"
        [attr.x2]="width - pad"
        [attr.y1]="y(safetyStock())"
        [attr.y2]="y(safetyStock())"
        stroke="var(--mat-sys-error, #b3261e)"
        stroke-dasharray="6 4"
      />
      <polyline
        data-testid="mrp-chart-on-hand"
        fill="none"
        stroke="var(--mat-sys-primary, #3f51b5)"
        stroke-width="2"
        [attr.points]="points()"
      />
      <text [attr.x]="pad" y="14" font-size="11">max {{ top() }}</text>
    </svg>
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class MrpOnHandChart {
  readonly rows = input.required<GridRow[]>();
  readonly safetyStock = input.required<number>();
  protected readonly width = W;
  protected readonly height = H;
  protected readonly pad = PAD;
  /** The scale covers every value and the safety stock, and zero (on hand can go negative when past due). */
  protected readonly top = computed(() =>
    Math.max(1, this.safetyStock(), ...this.rows().map((r) => r.projectedOnHand)),
  );
  private readonly bottom = computed(() => Math.min(0, ...this.rows().map((r) => r.projectedOnHand)));

  protected y(value: number): number {
    const span = this.top() - this.bottom() || 1;
    return H - PAD - ((value - this.bottom()) / span) * (H - 2 * PAD);
  }

  protected readonly points = computed(() => {
    const rows = this.rows();
    const step = rows.length > 1 ? (W - 2 * PAD) / (rows.length - 1) : 0;
    return rows.map((r, i) => `${PAD + i * step},${this.y(r.projectedOnHand)}`).join(' ');
  });
}
