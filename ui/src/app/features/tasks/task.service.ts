import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { Observable } from 'rxjs';
import { CompleteTaskRequest, Paged, Task, TaskQuery } from '../../shared/api.types';
import { toParams } from '../../shared/http-params';

@Injectable({ providedIn: 'root' })
export class TaskService {
  private readonly http = inject(HttpClient);

  list(query: TaskQuery): Observable<Paged<Task>> {
    return this.http.get<Paged<Task>>('/api/tasks', { params: toParams(query) });
  }

  get(id: string): Observable<Task> {
    return this.http.get<Task>(`/api/tasks/${encodeURIComponent(id)}`);
  }

  claim(id: string): Observable<Task> {
    return this.http.post<Task>(`/api/tasks/${encodeURIComponent(id)}/claim`, {});
  }

  unclaim(id: string): Observable<Task> {
    return this.http.post<Task>(`/api/tasks/${encodeURIComponent(id)}/unclaim`, {});
  }

  complete<P>(id: string, payload: P): Observable<Task> {
    const body: CompleteTaskRequest<P> = { payload };
    return this.http.post<Task>(`/api/tasks/${encodeURIComponent(id)}/complete`, body);
  }
}
