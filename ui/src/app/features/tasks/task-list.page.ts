import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject, OnInit, signal, viewChild } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatButtonToggleModule } from '@angular/material/button-toggle';
import { MatSnackBar } from '@angular/material/snack-bar';
import { ActivatedRoute, Router, RouterLink } from '@angular/router';
import { finalize, Observable } from 'rxjs';
import { errorMessage } from '../../shared/api-error';
import { PROCESS_TYPES, Task } from '../../shared/api.types';
import { DataList } from '../../shared/list/data-list';
import { ListCell } from '../../shared/list/list-cell';
import { ListColumn, ListFilter } from '../../shared/list/list.types';
import { SavedViews } from '../../shared/list/saved-views';
import { AlertsPanel } from '../alerts/alerts-panel';
import { DashboardSlot } from '../dashboards/dashboard-slot';
import { StatusChip } from '../../shared/status-chip';
import { TaskEvents } from './task-events';
import { TaskPermissions } from './task-permissions';
import { TaskService } from './task.service';

export type TaskView = 'inbox' | 'mine' | 'completed';

// "Completed" deliberately sends no scope: the server applies the caller's default visibility.
const VIEW_QUERIES: Record<TaskView, Record<string, string>> = {
  inbox: { scope: 'inbox' },
  mine: { scope: 'mine' },
  completed: { status: 'completed' },
};
const VIEWS = Object.keys(VIEW_QUERIES) as TaskView[];

/** A burst of changes (a pick confirmed: one task completed, the next created) reloads the page once. */
const LIVE_RELOAD_DELAY_MS = 300;

const COLUMNS: ListColumn<Task>[] = [
  { key: 'title', label: 'Task', essential: true },
  { key: 'businessKey', label: 'Business key', essential: true },
  { key: 'priority', label: 'Priority' },
  { key: 'dueAt', label: 'Due' },
  { key: 'assignee', label: 'Assignee', value: (task) => task.assignee ?? '—' },
  { key: 'status', label: 'Status' },
  { key: 'actions', label: '', sortable: false, essential: true },
];

const options = (...values: string[]) => values.map((value) => ({ value, label: value }));
const FILTERS: ListFilter[] = [
  { key: 'processType', label: 'Process', options: options(...PROCESS_TYPES) },
  { key: 'priority', label: 'Priority', options: options('urgent', 'high', 'normal', 'low') },
  { key: 'assignee', label: 'Assignee (- = nobody)' },
  { key: 'businessKey', label: 'Business key' },
  { key: 'customer', label: 'Customer' },
  { key: 'item', label: 'Item' },
  { key: 'dueFrom', label: 'Due from', type: 'date' },
  { key: 'dueTo', label: 'Due to', type: 'date' },
];

/**
 * The task inbox on the shared list: the view (inbox, mine, completed), filters, sort and page in the URL, saved
 * views, and live updates: the list re-reads itself when a task in the user's roles is created, claimed or completed.
 */
@Component({
  selector: 'mw-task-list-page',
  imports: [
    DatePipe,
    RouterLink,
    MatButtonModule,
    MatButtonToggleModule,
    DataList,
    ListCell,
    SavedViews,
    StatusChip,
    AlertsPanel,
    DashboardSlot,
  ],
  templateUrl: './task-list.page.html',
  styleUrl: './task-list.page.scss',
  providers: [TaskEvents],
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class TaskListPage implements OnInit {
  private readonly api = inject(TaskService);
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);
  private readonly snackBar = inject(MatSnackBar);
  protected readonly can = inject(TaskPermissions);
  protected readonly events = inject(TaskEvents);
  protected readonly list = viewChild.required(DataList);

  protected readonly columns = COLUMNS as ListColumn<never>[];
  protected readonly filters = FILTERS;
  private readonly params = toSignal(this.route.queryParamMap, { requireSync: true });
  protected readonly view = computed<TaskView>(() => {
    const view = this.params().get('view') as TaskView | null;
    return view && VIEWS.includes(view) ? view : 'inbox';
  });
  protected readonly extraQuery = computed(() => VIEW_QUERIES[this.view()]);
  /** Id of the task whose claim/unclaim is in flight, to disable its buttons. */
  protected readonly busyTaskId = signal<string | null>(null);
  /** How many live changes have reloaded the list (shown for people, waited on by tests). */
  protected readonly liveUpdates = signal(0);
  private reloadTimer: ReturnType<typeof setTimeout> | undefined;

  protected readonly rowAttributes = (row: Record<string, unknown>) => ({
    'data-business-key': String(row['businessKey']),
    'data-task-id': String(row['id']),
    'data-form-kind': String(row['formKind']),
  });

  ngOnInit(): void {
    this.events.start(() => {
      clearTimeout(this.reloadTimer);
      this.reloadTimer = setTimeout(() => {
        this.liveUpdates.update((n) => n + 1);
        this.list().reload();
      }, LIVE_RELOAD_DELAY_MS);
    });
  }

  protected setView(view: TaskView): void {
    const queryParams = { view: view === 'inbox' ? null : view, page: null };
    void this.router.navigate([], { relativeTo: this.route, queryParams, queryParamsHandling: 'merge' });
  }

  protected reload(): void {
    this.list().reload();
  }

  protected open(task: Task): void {
    void this.router.navigate(['/tasks', task.id]);
  }

  protected claim(task: Task): void {
    this.act(task, this.api.claim(task.id));
  }

  protected unclaim(task: Task): void {
    this.act(task, this.api.unclaim(task.id));
  }

  protected isOverdue(task: Task): boolean {
    return !!task.dueAt && this.can.isActive(task) && new Date(task.dueAt).getTime() < Date.now();
  }

  // Reload rather than patch the row: claiming can move a task between Inbox and My tasks.
  private act(task: Task, request: Observable<Task>): void {
    this.busyTaskId.set(task.id);
    request.pipe(finalize(() => this.busyTaskId.set(null))).subscribe({
      next: () => this.reload(),
      // e.g. 409 someone else claimed it: say so (the claim is a silent request) and show the current truth.
      error: (err: unknown) => {
        this.snackBar.open(errorMessage(err), 'Dismiss', { duration: 6000 });
        this.reload();
      },
    });
  }
}
