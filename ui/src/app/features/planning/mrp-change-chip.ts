import { ChangeDetectionStrategy, Component, input } from '@angular/core';

/**
 * "Changed: <reason>" beside a suggestion or an item that net change re-planned after the run (a sales order placed,
 * changed or cancelled, a receipt posted), so a planner reviewing the plan sees what moved and why.
 */
@Component({
  selector: 'mw-mrp-change-chip',
  template: `Changed: {{ reason() }}`,
  host: { 'data-testid': 'mrp-changed', '[attr.title]': 'reason()' },
  changeDetection: ChangeDetectionStrategy.OnPush,
  styles: `
    :host {
      display: inline-block;
      margin-left: 0.5rem;
      padding: 2px 10px;
      border-radius: 12px;
      font-size: 12px;
      font-weight: 500;
      line-height: 20px;
      background: var(--mat-sys-tertiary-container);
      color: var(--mat-sys-on-tertiary-container);
      white-space: nowrap;
    }
  `,
})
export class MrpChangeChip {
  readonly reason = input.required<string>();
}
