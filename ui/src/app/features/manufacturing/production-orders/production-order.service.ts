import { HttpClient, HttpHeaders } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { map, Observable } from 'rxjs';
import { silentErrors } from '../../../core/http/http-context';
import { toParams } from '../../../shared/http-params';
import { KittingResult } from '../manufacturing.types';
import {
  CreateProductionOrderRequest,
  CreateProductionOrderResponse,
  CustomerOption,
  KitShortage,
  ProductionOrderDetail,
} from './production-order.types';

const order = (number: string) => `/api/production-orders/${encodeURIComponent(number)}`;

/** Production orders: create (queued workflow start), read, cancel, and the order's own kitting. */
@Injectable({ providedIn: 'root' })
export class ProductionOrderService {
  private readonly http = inject(HttpClient);

  /** `key` is the user action's Idempotency-Key (the same on a retry). Silent: the form places the refusal. */
  create(body: CreateProductionOrderRequest, key: string): Observable<CreateProductionOrderResponse> {
    return this.http.post<CreateProductionOrderResponse>('/api/production-orders', body, {
      headers: new HttpHeaders({ 'Idempotency-Key': key }),
      context: silentErrors(),
    });
  }

  /** Active customers whose code or name matches `search` (the customer field's autocomplete). */
  searchCustomers(search: string, pageSize = 20): Observable<CustomerOption[]> {
    return this.http
      .get<{ items: CustomerOption[] }>('/api/customers', { params: toParams({ q: search, page: 1, pageSize }) })
      .pipe(map((res) => res.items));
  }

  get(number: string): Observable<ProductionOrderDetail> {
    return this.http.get<ProductionOrderDetail>(order(number));
  }

  /** Signals the order's workflow to cancel; 409 once completed. Silent: the page shows the refusal by the button. */
  cancel(number: string, reason: string): Observable<unknown> {
    return this.http.post(`${order(number)}/cancel`, { reason }, { context: silentErrors() });
  }

  /**
   * Reschedules the order (PATCH dueDate): its process moves the overdue escalation with it. Silent: the form places
   * the refusal on the date (before the start date, or a closed order).
   */
  reschedule(number: string, dueDate: string): Observable<ProductionOrderDetail> {
    return this.http.patch<ProductionOrderDetail>(order(number), { dueDate }, { context: silentErrors() });
  }

  /** What the order still needs and what of it is short now (its remaining requirement, not yet issued nor reserved). */
  kitting(number: string): Observable<KittingResult | null> {
    return this.http
      .post<{ demands: KittingResult[] }>(
        '/api/manufacturing/kitting',
        { productionOrders: [number] },
        {
          context: silentErrors(),
        },
      )
      .pipe(map((res) => res.demands[0] ?? null));
  }

  /** What the order's workflow last found short in its kit (its live state, the `getState` query). */
  workflowShortage(workflowId: string): Observable<KitShortage[] | null> {
    return this.http
      .get<{ state: { short?: KitShortage[] } | null }>(`/api/processes/${encodeURIComponent(workflowId)}`, {
        context: silentErrors(),
      })
      .pipe(map((res) => res.state?.short ?? null));
  }

  /** Physical warehouses (where components are picked and finished goods received). */
  warehouses(): Observable<{ code: string; name: string }[]> {
    return this.http
      .get<{ items: { code: string; name: string; virtual?: boolean }[] }>('/api/warehouses', {
        params: toParams({ page: 1, pageSize: 200 }),
      })
      .pipe(map((res) => res.items.filter((warehouse) => !warehouse.virtual)));
  }
}
