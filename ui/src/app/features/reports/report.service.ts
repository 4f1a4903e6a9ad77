import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { map, Observable } from 'rxjs';
import { Item, Paged, SlowMovingReport, Warehouse } from '../../shared/api.types';
import { toParams } from '../../shared/http-params';

/**
 * Read-only stock and books reports the pages read outside the shared list (stock on hand, the item ledger and stock
 * aging are read by `mw-data-list`); every role may read them.
 */
@Injectable({ providedIn: 'root' })
export class ReportService {
  private readonly http = inject(HttpClient);

  slowMoving(days: number, page: number, pageSize: number): Observable<SlowMovingReport> {
    return this.http.get<SlowMovingReport>('/api/reports/slow-moving', { params: toParams({ days, page, pageSize }) });
  }

  warehouses(): Observable<Warehouse[]> {
    return this.http.get<{ items: Warehouse[] }>('/api/reports/warehouses').pipe(map((res) => res.items));
  }

  searchItems(search: string): Observable<Item[]> {
    return this.http
      .get<Paged<Item>>('/api/items', { params: toParams({ search, page: 1, pageSize: 20 }) })
      .pipe(map((res) => res.items));
  }
}
