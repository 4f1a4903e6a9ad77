import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { RouterLink } from '@angular/router';
import { DashboardFigure } from './dashboard-figure';
import { TaskPanel } from './dashboard.types';

/** A role's task figures: the caller's own and the role's inbox (open, due soon, past due), and the most pressing. */
@Component({
  selector: 'mw-task-figures',
  imports: [DashboardFigure, DatePipe, RouterLink],
  template: `
    @let tasks = panel();
    <div class="row">
      <mw-figure data-testid="dash-mine-open" label="My open tasks" [value]="tasks.mine.open" />
      <mw-figure data-testid="dash-mine-due-soon" label="Mine due soon" [value]="tasks.mine.dueSoon" />
      <mw-figure data-testid="dash-mine-breached" label="Mine past due" [value]="tasks.mine.breached" [alarm]="true" />
      <mw-figure data-testid="dash-inbox-open" [label]="inboxLabel() + ' open'" [value]="tasks.inbox.open" />
      <mw-figure data-testid="dash-inbox-due-soon" label="Due soon" [value]="tasks.inbox.dueSoon" />
      <mw-figure data-testid="dash-inbox-breached" label="Past due" [value]="tasks.inbox.breached" [alarm]="true" />
    </div>
    @if (tasks.urgent.length > 0) {
      <ul class="urgent">
        @for (task of tasks.urgent; track task.id) {
          <li
            data-testid="dash-urgent-task"
            [attr.data-task]="task.id"
            [attr.data-assignee]="task.assignee"
            [class.breached]="task.breached"
          >
            <a [routerLink]="['/tasks', task.id]">{{ task.title }}</a>
            <span class="muted"
              >{{ task.businessKey }} · {{ task.breached ? 'was due' : 'due' }} {{ task.dueAt | date: 'short'
              }}{{ task.assignee ? ' · ' + task.assignee : '' }}</span
            >
          </li>
        }
      </ul>
    }
  `,
  styles: `
    .row {
      display: flex;
      flex-wrap: wrap;
      gap: 8px;
    }
    .urgent {
      list-style: none;
      margin: 8px 0 0;
      padding: 0;
    }
    li {
      display: flex;
      flex-wrap: wrap;
      gap: 8px;
      padding: 4px 0;
    }
    li.breached a {
      color: var(--mat-sys-error);
    }
    .muted {
      color: var(--mat-sys-on-surface-variant);
      font-size: 12px;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class TaskFigures {
  readonly panel = input.required<TaskPanel>();
  readonly inboxLabel = input.required<string>();
}
