import { HttpClient, HttpContext, HttpHeaders } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { map, Observable } from 'rxjs';
import { silentErrors } from '../../core/http/http-context';
import {
  CancelOrderResponse,
  CreateOrderRequest,
  CreateOrderResponse,
  Customer,
  Item,
  OrderDetail,
  OrderSummary,
  Paged,
} from '../../shared/api.types';
import { toParams } from '../../shared/http-params';

@Injectable({ providedIn: 'root' })
export class OrderService {
  private readonly http = inject(HttpClient);

  list(page: number, pageSize: number): Observable<Paged<OrderSummary>> {
    return this.http.get<Paged<OrderSummary>>('/api/orders', { params: toParams({ page, pageSize }) });
  }

  /** `context`: e.g. silentErrors() when the caller shows a failure itself. */
  get(orderNumber: string, context?: HttpContext): Observable<OrderDetail> {
    return this.http.get<OrderDetail>(`/api/orders/${encodeURIComponent(orderNumber)}`, { context });
  }

  /** Silent: the form shows a refusal on the field it names, once. */
  create(order: CreateOrderRequest): Observable<CreateOrderResponse> {
    return this.http.post<CreateOrderResponse>('/api/orders', order, { context: silentErrors() });
  }

  /** Silent: the instance page shows the refusal (409 once shipped) beside the button. */
  cancel(orderNumber: string, reason: string): Observable<CancelOrderResponse> {
    return this.http.post<CancelOrderResponse>(
      `/api/orders/${encodeURIComponent(orderNumber)}/cancel`,
      { reason },
      { context: silentErrors() },
    );
  }

  /** New quantities of some lines (before picking; the workflow re-allocates). Silent: the form shows refusals. */
  changeLines(orderNumber: string, lines: { lineNo: number; quantity: number }[]): Observable<unknown> {
    return this.http.patch(
      `/api/orders/${encodeURIComponent(orderNumber)}/lines`,
      { lines },
      { context: silentErrors() },
    );
  }

  /** Splits quantities off into a new order; `key` is the user action's Idempotency-Key (the same on a retry). */
  split(
    orderNumber: string,
    lines: { lineNo: number; quantity: number }[],
    key: string,
  ): Observable<{ orderNumber: string; newOrderNumber: string; newWorkflowId: string }> {
    return this.http.post<{ orderNumber: string; newOrderNumber: string; newWorkflowId: string }>(
      `/api/orders/${encodeURIComponent(orderNumber)}/split`,
      { lines },
      { headers: new HttpHeaders({ 'Idempotency-Key': key }), context: silentErrors() },
    );
  }

  /** Merges the open lines of `source` into this order; `key` as for split. */
  merge(orderNumber: string, source: string, key: string): Observable<{ mergedFrom: string; addedLines: number }> {
    return this.http.post<{ mergedFrom: string; addedLines: number }>(
      `/api/orders/${encodeURIComponent(orderNumber)}/merge`,
      { source },
      { headers: new HttpHeaders({ 'Idempotency-Key': key }), context: silentErrors() },
    );
  }

  /** Active customers by name; the list API pages (at most 200 a page), so the picker asks for the largest page. */
  customers(): Observable<Customer[]> {
    const params = toParams({ page: 1, pageSize: 200 });
    return this.http.get<{ items: Customer[] }>('/api/customers', { params }).pipe(map((res) => res.items));
  }

  searchItems(search: string, pageSize = 50): Observable<Item[]> {
    return this.http
      .get<Paged<Item>>('/api/items', { params: toParams({ search, page: 1, pageSize }) })
      .pipe(map((res) => res.items));
  }
}
