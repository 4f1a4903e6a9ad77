import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { Observable } from 'rxjs';
import { silentErrors } from '../../core/http/http-context';
import { Paged, ProcessDetail, ProcessInstance, ProcessQuery } from '../../shared/api.types';
import { toParams } from '../../shared/http-params';

@Injectable({ providedIn: 'root' })
export class ProcessService {
  private readonly http = inject(HttpClient);

  list(query: ProcessQuery): Observable<Paged<ProcessInstance>> {
    return this.http.get<Paged<ProcessInstance>>('/api/processes', { params: toParams(query) });
  }

  /** Silent: the detail page polls and reports failures inline instead of a snackbar every 2 s. */
  get(workflowId: string): Observable<ProcessDetail> {
    return this.http.get<ProcessDetail>(`/api/processes/${encodeURIComponent(workflowId)}`, {
      context: silentErrors(),
    });
  }
}
