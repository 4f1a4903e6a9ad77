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

  /** Reopens a closed period (controllers). Closing is `close`: it answers the close process, not the period. */
  act(code: string, action: 'reopen', reason: string): Observable<AccountingPeriod> {
    return this.reopen(code, reason);
  }

  /** Reopens a closed period (controllers): answers the period. */
  reopen(code: string, reason: string): Observable<AccountingPeriod> {
    const body = reason.trim() ? { reason: reason.trim() } : {};
    return this.http.post<AccountingPeriod>(`/api/periods/${encodeURIComponent(code)}/reopen`, body);
  }

  /**
   * The one button: runs the period-close process (starts it or joins the one under way) and answers its state at
   * rest — 202 while it runs or awaits a second controller's approval, 200 once closed; a close stopped at a step is
   * refused 409 PERIOD_CLOSE_BLOCKED naming each failed checklist item.
   */
  close(code: string, reason: string): Observable<CloseStatus> {
    const body = reason.trim() ? { reason: reason.trim() } : {};
    return this.http.post<CloseStatus>(`/api/periods/${encodeURIComponent(code)}/close`, body);
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
