import { ChangeDetectionStrategy, Component, input } from '@angular/core';

/** One number on a dashboard panel with its label; `alarm` colours it when it is above zero (past due, late). */
@Component({
  selector: 'mw-figure',
  host: { '[attr.data-value]': 'value()', '[class.alarm]': 'alarm() && value() > 0' },
  template: `<span class="value">{{ value() }}</span
    ><span class="label">{{ label() }}</span>`,
  styles: `
    :host {
      display: flex;
      flex-direction: column;
      min-width: 96px;
      padding: 8px 12px;
      border-radius: 8px;
      background: var(--mat-sys-surface-container);
    }
    :host(.alarm) .value {
      color: var(--mat-sys-error);
    }
    .value {
      font-size: 24px;
      font-weight: 500;
    }
    .label {
      font-size: 12px;
      color: var(--mat-sys-on-surface-variant);
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class DashboardFigure {
  readonly label = input.required<string>();
  readonly value = input.required<number>();
  readonly alarm = input(false);
}
