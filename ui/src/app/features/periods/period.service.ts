import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { map, Observable } from 'rxjs';
import { AccountingPeriod } from '../../shared/api.types';

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
}
