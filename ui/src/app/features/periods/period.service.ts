import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { map, Observable } from 'rxjs';
import { silentErrors } from '../../core/http/http-context';
import { AccountingPeriod } from '../../shared/api.types';
import { CloseStatus } from './period-close.types';

export type PeriodAction = 'close' | 'reopen';

@Injectable({ providedIn: 'root' })
export class PeriodService {
  private readonly http = inject(HttpClient);

  list(): Observable<AccountingPeriod[]> {
    return this.http.get<{ items: AccountingPeriod[] }>('/api/periods').pipe(map((res) => res.items));
  }

  act(code: string, action: PeriodAction, reason: string): Observable<AccountingPeriod> {
    const body = reason.trim() ? { reason: reason.trim() } : {};
    return this.http.post<AccountingPeriod>(`/api/periods/${encodeURIComponent(code)}/${action}`, body);
  }

  /** The latest close attempt's checklist; 404 (silent: the cockpit says "not started") when none was started. */
  closeStatus(code: string): Observable<CloseStatus> {
    return this.http.get<CloseStatus>(`/api/periods/${encodeURIComponent(code)}/close/status`, {
      context: silentErrors(),
    });
  }

  startClose(code: string): Observable<{ periodCode: string; attempt: number; workflowId: string }> {
    return this.http.post<{ periodCode: string; attempt: number; workflowId: string }>(
      `/api/periods/${encodeURIComponent(code)}/close/start`,
      {},
    );
  }

  recheckClose(code: string): Observable<{ workflowId: string }> {
    return this.http.post<{ workflowId: string }>(`/api/periods/${encodeURIComponent(code)}/close/recheck`, {});
  }

  abandonClose(code: string, reason: string): Observable<CloseStatus> {
    return this.http.post<CloseStatus>(`/api/periods/${encodeURIComponent(code)}/close/abandon`, {
      reason: reason.trim(),
    });
  }
}
