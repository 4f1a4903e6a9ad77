import { HttpClient, HttpParams } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { map, Observable } from 'rxjs';
import { AuthService } from '../../core/auth/auth.service';
import { AlertSummary } from './alert.types';

@Injectable({ providedIn: 'root' })
export class AlertService {
  private readonly http = inject(HttpClient);
  private readonly auth = inject(AuthService);

  /** The open and acknowledged alerts of the kinds the user's roles concern, latest raise first. */
  mine(pageSize = 10): Observable<{ items: AlertSummary[]; total: number }> {
    const params = new HttpParams({ fromObject: { forMe: 'true', live: 'true', sort: '-raisedAt', pageSize } });
    return this.http.get<{ items: AlertSummary[]; total: number }>('/api/alerts', { params });
  }

  acknowledge(id: number): Observable<AlertSummary> {
    return this.http.post<AlertSummary>(`/api/alerts/${id}/acknowledge`, {});
  }

  /** Whether the user may acknowledge the alert (the server remains the authority). */
  canAcknowledge(alert: Pick<AlertSummary, 'status' | 'roles'>): boolean {
    return alert.status === 'open' && this.auth.hasAnyRole(...alert.roles);
  }

  /** The count of open alerts for the user, e.g. for a badge. */
  openCount(): Observable<number> {
    const params = new HttpParams({ fromObject: { forMe: 'true', status: 'open', pageSize: 1 } });
    return this.http.get<{ total: number }>('/api/alerts', { params }).pipe(map((page) => page.total));
  }
}
