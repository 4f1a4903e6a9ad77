import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { HistoryEvent } from '../../shared/api.types';
import { HumanizePipe } from '../../shared/humanize.pipe';

/** Workflow history as a vertical timeline (oldest first, as Temporal records it). */
@Component({
  selector: 'mw-history-timeline',
  imports: [DatePipe, HumanizePipe],
  template: `
    @if (events().length === 0) {
      <p class="muted">No history yet.</p>
    }
    <ol class="timeline">
      @for (event of events(); track event.eventId) {
        <li data-testid="history-event" [attr.data-event-type]="event.type">
          <time class="time" [attr.datetime]="event.time">{{ event.time | date: 'mediumTime' }}</time>
          <span class="type">{{ event.type | humanize }}</span>
          <span class="summary">{{ event.summary }}</span>
        </li>
      }
    </ol>
  `,
  styles: `
    .timeline {
      list-style: none;
      margin: 0;
      padding: 0 0 0 12px;
      border-left: 2px solid var(--mat-sys-outline-variant);
    }
    li {
      position: relative;
      display: grid;
      grid-template-columns: 90px 220px 1fr;
      gap: 8px;
      padding: 6px 0 6px 8px;
      font-size: 13px;
    }
    li::before {
      content: '';
      position: absolute;
      left: -19px;
      top: 11px;
      width: 10px;
      height: 10px;
      border-radius: 50%;
      background: var(--mat-sys-primary);
    }
    .time {
      color: var(--mat-sys-on-surface-variant);
    }
    .type {
      font-weight: 500;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class HistoryTimeline {
  readonly events = input.required<HistoryEvent[]>();
}
