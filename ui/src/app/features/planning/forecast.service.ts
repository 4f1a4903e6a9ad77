import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { Observable } from 'rxjs';

/** One forecast as the API sends it (api/planning/forecast-schemas.ts). */
export interface Forecast {
  id: number;
  itemSku: string;
  itemName: string;
  forecastDate: string;
  quantity: number;
  note: string | null;
  createdBy: string;
  createdAt: string;
}

export interface ForecastCreate {
  itemSku: string;
  forecastDate: string;
  quantity: number;
  note?: string | null;
}

export type ForecastPatch = Partial<Pick<Forecast, 'quantity' | 'note'>>;

const BASE = '/api/forecasts';

/** Forecasts to read and keep (the list itself is the shared list's, on `GET /api/forecasts`). */
@Injectable({ providedIn: 'root' })
export class ForecastService {
  private readonly http = inject(HttpClient);

  get(id: number): Observable<Forecast> {
    return this.http.get<Forecast>(`${BASE}/${id}`);
  }

  create(body: ForecastCreate): Observable<Forecast> {
    return this.http.post<Forecast>(BASE, body);
  }

  update(id: number, body: ForecastPatch): Observable<Forecast> {
    return this.http.patch<Forecast>(`${BASE}/${id}`, body);
  }

  delete(id: number): Observable<void> {
    return this.http.delete<void>(`${BASE}/${id}`);
  }
}
