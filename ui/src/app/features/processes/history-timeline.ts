import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, input, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { BusinessStep, HistoryEvent } from '../../shared/api.types';
import { HumanizePipe } from '../../shared/humanize.pipe';

/**
 * The instance's history, oldest first: in business terms (credit checked, allocated round 1, picked by Carla,
 * shipped with tracking …) with the date, time and person of each step; the technical Temporal events one click away.
 */
@Component({
  selector: 'mw-history-timeline',
  imports: [DatePipe, HumanizePipe, MatButtonModule],
  template: `
    @if (!technical()) {
      @if (steps().length === 0) {
        <p class="muted">No history yet.</p>
      }
      <ol class="timeline" data-testid="business-timeline">
        @for (step of steps(); track $index) {
          <li data-testid="timeline-step" [attr.data-actor]="step.actor">
            <time class="time" [attr.datetime]="step.time">{{ step.time | date: 'd MMM y, HH:mm:ss' }}</time>
            <span class="summary" data-testid="timeline-summary">{{ step.summary }}</span>
            <span class="actor" data-testid="timeline-actor">{{ step.actor ?? '' }}</span>
          </li>
        }
      </ol>
    } @else {
      @if (events().length === 0) {
        <p class="muted">No history yet.</p>
      }
      <ol class="timeline technical" data-testid="technical-timeline">
        @for (event of events(); track event.eventId) {
          <li data-testid="history-event" [attr.data-event-type]="event.type">
            <time class="time" [attr.datetime]="event.time">{{ event.time | date: 'd MMM y, HH:mm:ss' }}</time>
            <span class="type">{{ event.type | humanize }}</span>
            <span class="summary">{{ event.summary }}</span>
          </li>
        }
      </ol>
    }
    <button mat-button type="button" data-testid="timeline-toggle" (click)="technical.set(!technical())">
      {{ technical() ? 'Show the business timeline' : 'Show the Temporal events' }}
    </button>
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
      grid-template-columns: 170px 1fr auto;
      gap: 8px;
      padding: 6px 0 6px 8px;
      font-size: 13px;
    }
    .technical li {
      grid-template-columns: 170px 220px 1fr;
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
    .time,
    .actor {
      color: var(--mat-sys-on-surface-variant);
    }
    .type {
      font-weight: 500;
    }
    @media (max-width: 600px) {
      li,
      .technical li {
        grid-template-columns: 1fr;
        gap: 2px;
      }
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class HistoryTimeline {
  /** The technical Temporal events. */
  readonly events = input.required<HistoryEvent[]>();
  /** The business steps. */
  readonly steps = input<BusinessStep[]>([]);
  protected readonly technical = signal(false);
}
