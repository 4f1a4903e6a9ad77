import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { HttpErrorResponse } from '@angular/common/http';
import { catchError, map, Observable, of, throwError } from 'rxjs';
import { silentErrors } from '../../core/http/http-context';
import { toParams } from '../../shared/http-params';
import {
  PlanOrder,
  ScheduleWarehouse,
  WaveProgress,
  WaveProposal,
  WaveSchedule,
  WaveScheduleSettings,
  WaveTask,
} from './wave.types';

const scheduleUrl = (warehouseCode: string) => `/api/waves/schedules/${encodeURIComponent(warehouseCode)}`;

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

  /** A warehouse's scheduled wave release; null when none is set yet (404). Silent: the page says what failed. */
  schedule(warehouseCode: string): Observable<WaveSchedule | null> {
    return this.http
      .get<WaveSchedule>(scheduleUrl(warehouseCode), { context: silentErrors() })
      .pipe(
        catchError((err: unknown) =>
          err instanceof HttpErrorResponse && err.status === 404 ? of(null) : throwError(() => err),
        ),
      );
  }

  /** Creates or changes the warehouse's schedule (audited); 400 names the field. */
  saveSchedule(warehouseCode: string, settings: WaveScheduleSettings): Observable<WaveSchedule> {
    return this.http.put<WaveSchedule>(scheduleUrl(warehouseCode), settings);
  }

  /** Pauses or resumes the warehouse's schedule (audited); its settings stay. */
  pauseSchedule(warehouseCode: string, paused: boolean): Observable<WaveSchedule> {
    return this.http.post<WaveSchedule>(`${scheduleUrl(warehouseCode)}/pause`, { paused });
  }

  /** The active physical warehouses, the ones a wave can be released in. */
  scheduleWarehouses(): Observable<ScheduleWarehouse[]> {
    return this.http
      .get<{ items: ScheduleWarehouse[] }>('/api/warehouses', {
        params: toParams({ page: 1, pageSize: 200, virtual: 'false' }),
      })
      .pipe(map((res) => res.items.filter((warehouse) => !warehouse.virtual && warehouse.active !== false)));
  }
}
