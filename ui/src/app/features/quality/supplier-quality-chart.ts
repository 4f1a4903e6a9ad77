import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { SupplierQualityRow } from './quality.types';

const W = 360;
const H = 120;
const PAD = 20;

/**
 * A supplier's lots judged per week as stacked bars (accepted below, rejected on top): drawn as SVG, no chart
 * library (as the MRP on-hand chart).
 */
@Component({
  selector: 'mw-supplier-quality-chart',
  template: `
    <svg
      class="chart"
      [attr.viewBox]="'0 0 ' + width + ' ' + height"
      [attr.width]="width"
      [attr.height]="height"
      role="img"
      data-testid="sq-chart"
      [attr.aria-label]="label()"
    >
      <line
        [attr.x1]="pad"
        [attr.x2]="width - pad"
        [attr.y1]="base"
        [attr.y2]="base"
        stroke="currentColor"
        stroke-opacity="0.3"
      />
      @for (b of bars(); track b.week) {
        <g [attr.data-week]="b.week" data-testid="sq-chart-week">
          <rect [attr.x]="b.x" [attr.width]="b.w" [attr.y]="b.acceptedY" [attr.height]="b.acceptedH" fill="#2e7d32">
            <title>{{ b.week }}: {{ b.accepted }} accepted</title>
          </rect>
          <rect [attr.x]="b.x" [attr.width]="b.w" [attr.y]="b.rejectedY" [attr.height]="b.rejectedH" fill="#c62828">
            <title>{{ b.week }}: {{ b.rejected }} rejected</title>
          </rect>
        </g>
      }
      <text [attr.x]="pad" y="12" font-size="10">max {{ top() }} lots / week</text>
    </svg>
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SupplierQualityChart {
  readonly weeks = input.required<SupplierQualityRow['weeks']>();
  protected readonly width = W;
  protected readonly height = H;
  protected readonly pad = PAD;
  protected readonly base = H - PAD;
  protected readonly top = computed(() => Math.max(1, ...this.weeks().map((w) => w.accepted + w.rejected)));
  protected readonly label = computed(
    () =>
      `Lots accepted and rejected per week: ` +
      this.weeks()
        .map((w) => `${w.week} ${w.accepted} accepted, ${w.rejected} rejected`)
        .join('; '),
  );
  protected readonly bars = computed(() => {
    const weeks = this.weeks();
    const slot = (W - 2 * PAD) / Math.max(weeks.length, 1);
    const scale = (H - 2 * PAD) / this.top();
    return weeks.map((w, i) => {
      const acceptedH = w.accepted * scale;
      const rejectedH = w.rejected * scale;
      return {
        ...w,
        x: PAD + i * slot + slot * 0.15,
        w: Math.max(slot * 0.7, 1),
        acceptedY: this.base - acceptedH,
        acceptedH,
        rejectedY: this.base - acceptedH - rejectedH,
        rejectedH,
      };
    });
  });
}
