import { DecimalPipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { RouterLink } from '@angular/router';
import { HumanizePipe } from '../../shared/humanize.pipe';
import { DashboardFigure } from './dashboard-figure';
import { DashboardService } from './dashboard.service';
import { TaskFigures } from './task-figures';

export const PANEL_STYLES = `
  section {
    border: 1px solid var(--mat-sys-outline-variant);
    border-radius: 8px;
    padding: 8px 16px 12px;
    margin-bottom: 16px;
  }
  h2 {
    font-size: 16px;
    margin: 4px 0 8px;
  }
  .row {
    display: flex;
    flex-wrap: wrap;
    gap: 8px;
    margin-top: 8px;
  }
  ul {
    list-style: none;
    margin: 8px 0 0;
    padding: 0;
  }
  li {
    padding: 2px 0;
  }
  .muted {
    color: var(--mat-sys-on-surface-variant);
    font-size: 12px;
  }
`;

/** A clerk's home: their tasks and the clerks' inbox, due soon and past due. */
@Component({
  selector: 'mw-clerk-panel',
  imports: [TaskFigures],
  template: `
    <section data-testid="dash-clerk" [attr.data-state]="data() ? 'loaded' : 'loading'">
      <h2>My work</h2>
      @if (data(); as d) {
        <mw-task-figures [panel]="d.tasks" inboxLabel="Clerks' inbox" />
      }
    </section>
  `,
  styles: PANEL_STYLES,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ClerkPanel {
  protected readonly data = toSignal(inject(DashboardService).clerk());
}

/** A planner's home: their tasks, the live plans' open suggestions and exceptions, production orders late. */
@Component({
  selector: 'mw-planner-panel',
  imports: [TaskFigures, DashboardFigure, RouterLink],
  template: `
    <section data-testid="dash-planner" [attr.data-state]="data() ? 'loaded' : 'loading'">
      <h2>Planning</h2>
      @if (data(); as d) {
        <mw-task-figures [panel]="d.tasks" inboxLabel="Planners' inbox" />
        <div class="row">
          <mw-figure data-testid="dash-suggestions" label="MRP suggestions open" [value]="d.suggestions" />
          <mw-figure
            data-testid="dash-past-due-suggestions"
            label="Suggestions past release"
            [value]="d.pastDueSuggestions"
            [alarm]="true"
          />
          <mw-figure data-testid="dash-exceptions" label="MRP exceptions" [value]="d.exceptions" />
          <mw-figure
            data-testid="dash-late-production"
            label="Production orders late"
            [value]="d.lateProductionOrders"
            [alarm]="true"
          />
        </div>
        @if (d.late.length > 0) {
          <ul>
            @for (order of d.late; track order.number) {
              <li data-testid="dash-late-order" [attr.data-order]="order.number">
                <a [routerLink]="['/manufacturing/production-orders', order.number]">{{ order.number }}</a>
                <span class="muted"> {{ order.itemSku }} · due {{ order.dueDate }} · {{ order.status }}</span>
              </li>
            }
          </ul>
        }
      }
    </section>
  `,
  styles: PANEL_STYLES,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class PlannerPanel {
  protected readonly data = toSignal(inject(DashboardService).planner());
}

/** A controller's home: their tasks, period closes under way and stopped, and supplier invoices not yet posted. */
@Component({
  selector: 'mw-controller-panel',
  imports: [TaskFigures, DashboardFigure, DecimalPipe, HumanizePipe],
  template: `
    <section data-testid="dash-controller" [attr.data-state]="data() ? 'loaded' : 'loading'">
      <h2>Books</h2>
      @if (data(); as d) {
        <mw-task-figures [panel]="d.tasks" inboxLabel="Controllers' inbox" />
        <div class="row">
          <mw-figure data-testid="dash-closes-running" label="Period closes open" [value]="d.periodClosesRunning" />
          <mw-figure
            data-testid="dash-closes-blocked"
            label="Closes stopped at a step"
            [value]="d.periodClosesBlocked"
            [alarm]="true"
          />
          <mw-figure data-testid="dash-soft-locked" label="Periods soft-locked" [value]="d.periodsSoftLocked" />
          <mw-figure data-testid="dash-unposted" label="Invoices not posted" [value]="d.unpostedInvoices" />
          <mw-figure
            data-testid="dash-awaiting-approval"
            label="Invoices awaiting approval"
            [value]="d.invoicesAwaitingApproval"
            [alarm]="true"
          />
        </div>
        <p class="muted" data-testid="dash-unposted-amount">
          Not posted: {{ d.unpostedAmount | number: '1.2-2' }} gross
        </p>
        @if (d.closes.length > 0) {
          <ul>
            @for (close of d.closes; track close.businessKey) {
              <li data-testid="dash-close" [attr.data-close]="close.businessKey">
                {{ close.businessKey }} <span class="muted">at {{ close.currentStep | humanize }}</span>
              </li>
            }
          </ul>
        }
      }
    </section>
  `,
  styles: PANEL_STYLES,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ControllerPanel {
  protected readonly data = toSignal(inject(DashboardService).controller());
}
