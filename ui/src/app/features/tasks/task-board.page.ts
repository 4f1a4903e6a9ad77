import { ChangeDetectionStrategy, Component, signal, viewChild } from '@angular/core';
import { Task } from '../../shared/api.types';
import { DataList } from '../../shared/list/data-list';
import { ListColumn, ListFilter } from '../../shared/list/list.types';
import { TaskAssignPanel } from './task-assign-panel';

const when = (value: unknown): string => (value ? new Date(String(value)).toLocaleString() : '');
const options = (...values: string[]) => values.map((value) => ({ value, label: value }));

/** The board's columns; each sorts on the server except priority (ranked, not alphabetical). */
const COLUMNS: ListColumn<Task>[] = [
  { key: 'title', label: 'Task', essential: true },
  { key: 'businessKey', label: 'Business key', essential: true },
  { key: 'candidateRole', label: 'Role' },
  { key: 'assignee', label: 'Assignee', essential: true, value: (task) => task.assignee ?? 'unassigned' },
  { key: 'status', label: 'Status' },
  { key: 'priority', label: 'Priority', sortable: false },
  { key: 'dueAt', label: 'Due', value: (task) => when(task.dueAt) },
  { key: 'createdAt', label: 'Created', value: (task) => when(task.createdAt) },
];

const FILTERS: ListFilter[] = [
  { key: 'status', label: 'Status', options: options('active', 'open', 'claimed', 'completed', 'cancelled', 'all') },
  { key: 'assignee', label: 'Assignee (none = unassigned)' },
  { key: 'candidateRole', label: 'Role', options: options('clerk', 'planner', 'controller', 'admin') },
  { key: 'processType', label: 'Process', options: options('order-fulfillment', 'purchase-receipt') },
];

/**
 * The supervisor's view of every task, whoever holds it (GET /api/tasks/board), on the shared list: a row opens its
 * assignment, where a supervisor or an admin gives it to someone holding its role or returns it to the inbox.
 */
@Component({
  selector: 'mw-task-board-page',
  imports: [DataList, TaskAssignPanel],
  template: `
    <section class="page">
      <header class="page-header">
        <h1 data-testid="page-title">All tasks</h1>
      </header>
      <p class="muted">
        Every task and who holds it. Open a row to assign it to someone holding its role or return it to the inbox; each
        change is audited with whom it was taken from.
      </p>
      @if (selected(); as task) {
        <mw-task-assign-panel [task]="task" (assigned)="onAssigned($event)" (closed)="selected.set(null)" />
      }
      <mw-data-list
        resource="tasks/board"
        [columns]="columns"
        [filters]="filters"
        rowKey="id"
        defaultSort="dueAt"
        [showActive]="false"
        noun="tasks"
        (rowOpen)="selected.set($any($event))"
      />
    </section>
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class TaskBoardPage {
  private readonly list = viewChild.required(DataList);
  protected readonly columns = COLUMNS as ListColumn<never>[];
  protected readonly filters = FILTERS;
  protected readonly selected = signal<Task | null>(null);

  protected onAssigned(task: Task): void {
    this.selected.set(task);
    this.list().reload();
  }
}
