import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, inject, OnInit, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { RouterLink } from '@angular/router';
import { StatusChip } from '../../shared/status-chip';
import { AlertService } from './alert.service';
import { ALERT_KIND_LABELS, AlertSummary } from './alert.types';

/**
 * The home page's alerts (task inbox and process list): the open and acknowledged alerts of the kinds the user's roles
 * concern, each with its reason and an Acknowledge button for an open one; nothing at all when there are none.
 */
@Component({
  selector: 'mw-alerts-panel',
  imports: [DatePipe, MatButtonModule, RouterLink, StatusChip],
  template: `
    @if (alerts().length > 0) {
      <section class="alerts" data-testid="alerts-panel" [attr.data-total]="total()">
        <header>
          <h2>Alerts</h2>
          <span class="spacer"></span>
          <a mat-button routerLink="/alerts" data-testid="alerts-all">All alerts ({{ total() }})</a>
        </header>
        <ul>
          @for (alert of alerts(); track alert.id) {
            <li data-testid="alert-item" [attr.data-subject]="alert.subject" [attr.data-status]="alert.status">
              <span class="kind">{{ labels[alert.kind] }}</span>
              <mw-status-chip data-testid="alert-status" [status]="alert.status" />
              <span class="reason" data-testid="alert-reason">{{ alert.reason }}</span>
              <span class="muted when"
                >raised {{ alert.raisedAt | date: 'short' }}{{ alert.raiseCount > 1 ? ' (again)' : '' }}</span
              >
              @if (alerts$.canAcknowledge(alert)) {
                <button
                  mat-stroked-button
                  type="button"
                  data-testid="alert-acknowledge"
                  [disabled]="busy() === alert.id"
                  (click)="acknowledge(alert)"
                >
                  Acknowledge
                </button>
              } @else if (alert.acknowledgedBy) {
                <span class="muted">by {{ alert.acknowledgedBy }}</span>
              }
            </li>
          }
        </ul>
      </section>
    }
  `,
  styles: `
    .alerts {
      border: 1px solid var(--mat-sys-outline-variant);
      border-radius: 8px;
      padding: 8px 16px;
      margin-bottom: 16px;
    }
    header {
      display: flex;
      align-items: center;
    }
    h2 {
      font-size: 16px;
      margin: 0;
    }
    .spacer {
      flex: 1;
    }
    ul {
      list-style: none;
      margin: 0;
      padding: 0;
    }
    li {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 8px;
      padding: 6px 0;
      border-top: 1px solid var(--mat-sys-outline-variant);
    }
    .kind {
      font-weight: 500;
    }
    .reason {
      flex: 1 1 280px;
    }
    .muted {
      color: var(--mat-sys-on-surface-variant);
      font-size: 12px;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class AlertsPanel implements OnInit {
  protected readonly alerts$ = inject(AlertService);
  protected readonly labels = ALERT_KIND_LABELS;
  protected readonly alerts = signal<AlertSummary[]>([]);
  protected readonly total = signal(0);
  protected readonly busy = signal<number | null>(null);

  ngOnInit(): void {
    this.load();
  }

  load(): void {
    this.alerts$.mine().subscribe((page) => {
      this.alerts.set(page.items);
      this.total.set(page.total);
    });
  }

  protected acknowledge(alert: AlertSummary): void {
    this.busy.set(alert.id);
    this.alerts$.acknowledge(alert.id).subscribe({
      next: (done) => {
        this.alerts.update((list) => list.map((entry) => (entry.id === done.id ? done : entry)));
        this.busy.set(null);
      },
      error: () => {
        this.busy.set(null);
        this.load();
      },
    });
  }
}
