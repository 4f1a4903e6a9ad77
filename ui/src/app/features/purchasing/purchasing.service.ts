import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { silentErrors } from '../../core/http/http-context';
import { map, Observable } from 'rxjs';
import { Item, Paged } from '../../shared/api.types';
import { toParams } from '../../shared/http-params';
import {
  CreatePurchaseOrderRequest,
  CreatePurchaseOrderResponse,
  PurchaseOrderDetail,
  PurchaseOrderSummary,
  Supplier,
  Warehouse,
} from './purchasing.types';

@Injectable({ providedIn: 'root' })
export class PurchasingService {
  private readonly http = inject(HttpClient);

  list(page: number, pageSize: number): Observable<Paged<PurchaseOrderSummary>> {
    return this.http.get<Paged<PurchaseOrderSummary>>('/api/purchase-orders', { params: toParams({ page, pageSize }) });
  }

  get(orderNumber: string): Observable<PurchaseOrderDetail> {
    return this.http.get<PurchaseOrderDetail>(`/api/purchase-orders/${encodeURIComponent(orderNumber)}`);
  }

  /** Closes the order short (the supplier sends no more); silent: the page shows the refusal beside the reason. */
  closeShort(orderNumber: string, reason: string): Observable<{ orderNumber: string; status: string }> {
    const url = `/api/purchase-orders/${encodeURIComponent(orderNumber)}/close`;
    return this.http.post<{ orderNumber: string; status: string }>(url, { reason }, { context: silentErrors() });
  }

  create(order: CreatePurchaseOrderRequest): Observable<CreatePurchaseOrderResponse> {
    // Silent: the form shows a refusal on the field it names, once.
    return this.http.post<CreatePurchaseOrderResponse>('/api/purchase-orders', order, { context: silentErrors() });
  }

  /** Active suppliers by name; the list API pages (at most 200 a page), so the picker asks for the largest page. */
  suppliers(): Observable<Supplier[]> {
    const params = toParams({ page: 1, pageSize: 200 });
    return this.http.get<{ items: Supplier[] }>('/api/suppliers', { params }).pipe(map((res) => res.items));
  }

  /** Only physical warehouses can receive purchases. */
  receivingWarehouses(): Observable<Warehouse[]> {
    return this.http
      .get<{ items: Warehouse[] }>('/api/warehouses', { params: toParams({ page: 1, pageSize: 200 }) })
      .pipe(map((res) => res.items.filter((warehouse) => !warehouse.virtual)));
  }

  searchItems(search: string, pageSize = 50): Observable<Item[]> {
    return this.http
      .get<Paged<Item>>('/api/items', { params: toParams({ search, page: 1, pageSize }) })
      .pipe(map((res) => res.items));
  }
}
