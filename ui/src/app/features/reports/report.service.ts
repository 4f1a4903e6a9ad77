import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { map, Observable } from 'rxjs';
import {
  AgingBucket,
  Item,
  ItemLedgerReport,
  Paged,
  SlowMovingReport,
  StockAgingReport,
  StockOnHandQuery,
  StockOnHandReport,
  Warehouse,
} from '../../shared/api.types';
import { toParams } from '../../shared/http-params';

/** Read-only stock and books reports; every role may read them. */
@Injectable({ providedIn: 'root' })
export class ReportService {
  private readonly http = inject(HttpClient);

  stockOnHand(query: StockOnHandQuery): Observable<StockOnHandReport> {
    return this.http.get<StockOnHandReport>('/api/reports/stock-on-hand', { params: toParams(query) });
  }

  itemLedger(itemSku: string, page: number, pageSize: number): Observable<ItemLedgerReport> {
    return this.http.get<ItemLedgerReport>('/api/reports/item-ledger', {
      params: toParams({ itemSku, page, pageSize }),
    });
  }

  stockAging(bucket: AgingBucket | '', page: number, pageSize: number): Observable<StockAgingReport> {
    return this.http.get<StockAgingReport>('/api/reports/stock-aging', {
      params: toParams({ bucket, page, pageSize }),
    });
  }

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
