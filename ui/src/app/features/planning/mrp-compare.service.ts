import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { Observable } from 'rxjs';
import { MrpComparison, SimulationRequest } from './mrp-compare.types';

/** MRP what-ifs: start a simulation, and compare a run's plan with the live plan (or another run's). */
@Injectable({ providedIn: 'root' })
export class MrpCompareService {
  private readonly http = inject(HttpClient);

  simulate(request: SimulationRequest, idempotencyKey: string): Observable<{ id: number }> {
    return this.http.post<{ id: number }>(
      '/api/mrp-runs',
      { ...request, simulation: true },
      { headers: { 'idempotency-key': idempotencyKey } },
    );
  }

  compare(id: number, against?: number): Observable<MrpComparison> {
    const params: Record<string, string> = against === undefined ? {} : { against: String(against) };
    return this.http.get<MrpComparison>(`/api/mrp-runs/${id}/compare`, { params });
  }
}
