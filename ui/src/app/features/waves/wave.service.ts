import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { catchError, map, Observable, of } from 'rxjs';
import { silentErrors } from '../../core/http/http-context';
import { PlanOrder, WaveProgress, WaveProposal, WaveTask } from './wave.types';

@Injectable({ providedIn: 'root' })
export class WaveService {
  private readonly http = inject(HttpClient);

  /** Proposed waves for the orders (each order's decision stored under the wave rules in force); changes no stock. */
  plan(orders: PlanOrder[]): Observable<WaveProposal> {
    return this.http.post<WaveProposal>('/api/waves/plan', { orders });
  }

  /**
   * Starts the wave's pick-wave workflow (a supervisor) with the carrier's cut-off (ISO instant; the alerts sweep warns
   * when the wave's open work runs past it); 409 DUPLICATE when the id was used.
   */
  release(
    waveId: string,
    orderNumbers: string[],
    cutoffAt: string,
  ): Observable<{ waveId: string; workflowId: string }> {
    return this.http.post<{ waveId: string; workflowId: string }>('/api/waves', { waveId, orderNumbers, cutoffAt });
  }

  progress(waveId: string): Observable<WaveProgress> {
    // Silent: the page says it once (and a wave just released may not answer for a moment).
    return this.http.get<WaveProgress>(`/api/waves/${encodeURIComponent(waveId)}`, { context: silentErrors() });
  }

  /** The wave's zone pick and sort tasks (the process detail's task list; none while its projection is not written). */
  tasks(waveId: string): Observable<WaveTask[]> {
    const workflowId = `pick-wave:${waveId}`;
    return this.http
      .get<{ tasks: WaveTask[] }>(`/api/processes/${encodeURIComponent(workflowId)}`, { context: silentErrors() })
      .pipe(
        map((detail) => detail.tasks ?? []),
        catchError(() => of([])),
      );
  }
}
