import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { Observable } from 'rxjs';
import { CompleteTaskRequest, Paged, Task, TaskQuery } from '../../shared/api.types';
import { Assignee, NextTask } from './task-flow.types';
import { toParams } from '../../shared/http-params';
import { silentErrors } from '../../core/http/http-context';

@Injectable({ providedIn: 'root' })
export class TaskService {
  private readonly http = inject(HttpClient);

  list(query: TaskQuery): Observable<Paged<Task>> {
    return this.http.get<Paged<Task>>('/api/tasks', { params: toParams(query) });
  }

  get(id: string): Observable<Task> {
    return this.http.get<Task>(`/api/tasks/${encodeURIComponent(id)}`);
  }

  // Claiming, giving back and completing are silent: the task page says a refusal once (on the field it names, or
  // in one snackbar when it names none), so the error interceptor must not say it too.
  claim(id: string): Observable<Task> {
    return this.http.post<Task>(`/api/tasks/${encodeURIComponent(id)}/claim`, {}, { context: silentErrors() });
  }

  unclaim(id: string): Observable<Task> {
    return this.http.post<Task>(`/api/tasks/${encodeURIComponent(id)}/unclaim`, {}, { context: silentErrors() });
  }

  complete<P>(id: string, payload: P): Observable<Task> {
    const body: CompleteTaskRequest<P> = { payload };
    return this.http.post<Task>(`/api/tasks/${encodeURIComponent(id)}/complete`, body, { context: silentErrors() });
  }

  /** The next task to do after `after` (its process's first, waiting up to `waitMs` for the workflow to open it). */
  next(after: string, waitMs: number): Observable<NextTask> {
    return this.http.get<NextTask>('/api/tasks/next', { params: { after, waitMs } });
  }

  /** Who the task can be given to (active users holding its role). */
  assignees(id: string): Observable<{ items: Assignee[] }> {
    return this.http.get<{ items: Assignee[] }>(`/api/tasks/${encodeURIComponent(id)}/assignees`);
  }

  /** A supervisor's assignment; `null` returns the task to its role's inbox. */
  assign(id: string, assignee: string | null): Observable<Task> {
    return this.http.post<Task>(`/api/tasks/${encodeURIComponent(id)}/assign`, { assignee });
  }
}
