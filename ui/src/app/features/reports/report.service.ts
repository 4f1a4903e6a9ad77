import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { map, Observable } from 'rxjs';
import { Item, Paged, Warehouse } from '../../shared/api.types';
import { toParams } from '../../shared/http-params';

/**
 * Read-only stock and books reports the pages read outside the shared list (stock on hand, the item ledger, stock aging
 * and slow-moving stock are read by `mw-data-list`); every role may read them.
 */
@Injectable({ providedIn: 'root' })
export class ReportService {
  private readonly http = inject(HttpClient);

  warehouses(): Observable<Warehouse[]> {
    return this.http.get<{ items: Warehouse[] }>('/api/reports/warehouses').pipe(map((res) => res.items));
  }

  searchItems(search: string): Observable<Item[]> {
    return this.http
      .get<Paged<Item>>('/api/items', { params: toParams({ search, page: 1, pageSize: 20 }) })
      .pipe(map((res) => res.items));
  }
}
