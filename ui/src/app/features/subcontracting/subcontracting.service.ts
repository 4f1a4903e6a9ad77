import { HttpClient, HttpHeaders } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { map, Observable } from 'rxjs';
import { silentErrors } from '../../core/http/http-context';
import { toParams } from '../../shared/http-params';
import { Supplier, Warehouse } from '../purchasing/purchasing.types';
import {
  CreateSubcontractOrderRequest,
  CreateSubcontractOrderResponse,
  SubcontractOrderDetail,
} from './subcontracting.types';

const order = (number: string) => `/api/subcontract-orders/${encodeURIComponent(number)}`;

/** Subcontract orders: create (a draft), read, cancel; and the suppliers and warehouses the form offers. */
@Injectable({ providedIn: 'root' })
export class SubcontractingService {
  private readonly http = inject(HttpClient);

  /** `key` is the user action's Idempotency-Key (the same on a retry). Silent: the form places the refusal. */
  create(body: CreateSubcontractOrderRequest, key: string): Observable<CreateSubcontractOrderResponse> {
    return this.http.post<CreateSubcontractOrderResponse>('/api/subcontract-orders', body, {
      headers: new HttpHeaders({ 'Idempotency-Key': key }),
      context: silentErrors(),
    });
  }

  get(number: string): Observable<SubcontractOrderDetail> {
    return this.http.get<SubcontractOrderDetail>(order(number));
  }

  /** Only while draft or approved with nothing sent (409 otherwise). Silent: the page shows the refusal. */
  cancel(number: string, reason: string): Observable<{ orderNumber: string; status: string }> {
    return this.http.post<{ orderNumber: string; status: string }>(
      `${order(number)}/cancel`,
      { reason },
      { context: silentErrors() },
    );
  }

  /** Suppliers by name; the list API pages (at most 200 a page), so the picker asks for the largest page. */
  suppliers(): Observable<Supplier[]> {
    const params = toParams({ page: 1, pageSize: 200 });
    return this.http.get<{ items: Supplier[] }>('/api/suppliers', { params }).pipe(map((res) => res.items));
  }

  /** Finished goods come back into our own (physical) warehouses only. */
  warehouses(): Observable<Warehouse[]> {
    return this.http
      .get<{ items: Warehouse[] }>('/api/warehouses', { params: toParams({ page: 1, pageSize: 200 }) })
      .pipe(map((res) => res.items.filter((warehouse) => !warehouse.virtual)));
  }
}
