import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { map, Observable } from 'rxjs';
import { silentErrors } from '../../core/http/http-context';

/** A return as the API lists it (GET /api/supplier-returns). */
export interface SupplierReturnSummary {
  returnNumber: string;
  purchaseOrderNumber: string;
  status: 'open' | 'posted';
  replace: boolean;
  workflowId: string;
  quantity: number;
  value: number;
  createdBy: string;
  createdAt: string;
}

export interface CreateSupplierReturnRequest {
  purchaseOrderNumber: string;
  replace: boolean;
  lines: { lineNo: number; lot?: string; quantity: number; reason: string }[];
}

@Injectable({ providedIn: 'root' })
export class SupplierReturnService {
  private readonly http = inject(HttpClient);

  forOrder(purchaseOrderNumber: string): Observable<SupplierReturnSummary[]> {
    return this.http
      .get<{ items: SupplierReturnSummary[] }>('/api/supplier-returns', { params: { purchaseOrderNumber } })
      .pipe(map((res) => res.items));
  }

  /** Silent: the panel shows the refusal (it names the line's field) itself. */
  create(
    body: CreateSupplierReturnRequest,
    idempotencyKey: string,
  ): Observable<{ returnNumber: string; workflowId: string }> {
    return this.http.post<{ returnNumber: string; workflowId: string }>('/api/supplier-returns', body, {
      context: silentErrors(),
      headers: { 'Idempotency-Key': idempotencyKey },
    });
  }
}
