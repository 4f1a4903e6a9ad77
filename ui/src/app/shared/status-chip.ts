import { ChangeDetectionStrategy, Component, input } from '@angular/core';

/**
 * Tiny status badge. The host text is exactly the raw status so tests (and users
 * copying it into filters) see the same value the API uses.
 */
@Component({
  selector: 'mw-status-chip',
  // A process whose start is still queued in the outbox ('pending') reads as "starting"; every other status as is.
  template: `{{ status() === 'pending' ? 'starting' : status() }}`,
  host: { '[class]': '"status-chip status-" + status()' },
  changeDetection: ChangeDetectionStrategy.OnPush,
  styles: `
    :host {
      display: inline-block;
      padding: 2px 10px;
      border-radius: 12px;
      font-size: 12px;
      font-weight: 500;
      line-height: 20px;
      background: var(--mat-sys-surface-container-high);
      color: var(--mat-sys-on-surface);
      white-space: nowrap;
    }
    :host(.status-running),
    :host(.status-open),
    :host(.status-claimed) {
      background: var(--mat-sys-primary-container);
      color: var(--mat-sys-on-primary-container);
    }
    :host(.status-completed) {
      background: #d7f5dd;
      color: #0b5223;
    }
    /* Ended without doing the work: never the green of "completed". */
    :host(.status-cancelled) {
      background: #fdecc8;
      color: #5c3d00;
    }
    :host(.status-rejected) {
      background: #fbe0e6;
      color: #7a1634;
    }
    :host(.status-failed),
    :host(.status-terminated) {
      background: var(--mat-sys-error-container);
      color: var(--mat-sys-on-error-container);
    }
  `,
})
export class StatusChip {
  readonly status = input.required<string>();
}
