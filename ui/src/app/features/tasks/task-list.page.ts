import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { toObservable, toSignal } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatButtonToggleModule } from '@angular/material/button-toggle';
import { MatPaginatorModule, PageEvent } from '@angular/material/paginator';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatTableModule } from '@angular/material/table';
import { RouterLink } from '@angular/router';
import { catchError, EMPTY, finalize, Observable, switchMap } from 'rxjs';
import { Task, TaskQuery } from '../../shared/api.types';
import { StatusChip } from '../../shared/status-chip';
import { TaskPermissions } from './task-permissions';
import { TaskService } from './task.service';

export type TaskView = 'inbox' | 'mine' | 'completed';

// "Completed" deliberately sends no scope: the server applies the caller's default visibility.
const VIEW_QUERIES: Record<TaskView, Omit<TaskQuery, 'page' | 'pageSize'>> = {
  inbox: { scope: 'inbox' },
  mine: { scope: 'mine' },
  completed: { status: 'completed' },
};

@Component({
  selector: 'mw-task-list-page',
  imports: [
    DatePipe,
    RouterLink,
    MatTableModule,
    MatPaginatorModule,
    MatButtonModule,
    MatButtonToggleModule,
    MatProgressBarModule,
    StatusChip,
  ],
  templateUrl: './task-list.page.html',
  styleUrl: './task-list.page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class TaskListPage {
  private readonly api = inject(TaskService);
  protected readonly can = inject(TaskPermissions);

  protected readonly columns = ['title', 'businessKey', 'priority', 'dueAt', 'assignee', 'status', 'actions'];
  protected readonly view = signal<TaskView>('inbox');
  protected readonly pageIndex = signal(0);
  protected readonly pageSize = signal(20);
  protected readonly loading = signal(false);
  /** Id of the task whose claim/unclaim is in flight, to disable its buttons. */
  protected readonly busyTaskId = signal<string | null>(null);
  private readonly reloads = signal(0);

  private readonly query = computed(() => ({
    ...VIEW_QUERIES[this.view()],
    page: this.pageIndex() + 1,
    pageSize: this.pageSize(),
    reload: this.reloads(),
  }));

  protected readonly result = toSignal(
    toObservable(this.query).pipe(
      switchMap(({ reload: _reload, ...query }) => {
        this.loading.set(true);
        return this.api.list(query).pipe(
          catchError(() => EMPTY),
          finalize(() => this.loading.set(false)),
        );
      }),
    ),
    { initialValue: null },
  );
  protected readonly rows = computed(() => this.result()?.items ?? []);

  protected setView(view: TaskView): void {
    this.view.set(view);
    this.pageIndex.set(0);
  }

  protected onPage(event: PageEvent): void {
    this.pageSize.set(event.pageSize);
    this.pageIndex.set(event.pageIndex);
  }

  protected reload(): void {
    this.reloads.update((n) => n + 1);
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
      error: () => this.reload(), // e.g. 409 someone else claimed it: show the current truth
    });
  }
}
