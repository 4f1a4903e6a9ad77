import { HttpClient, HttpHeaders } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { Observable } from 'rxjs';
import { silentErrors } from '../../core/http/http-context';

/** One transfer between warehouses as the API sends it (api/stock/transfer-schemas.ts). */
export interface StockTransfer {
  number: string;
  status: 'dispatched' | 'received';
  itemSku: string;
  lotCode: string | null;
  quantity: number;
  fromLocation: string;
  toWarehouse: string;
  transitLocation: string;
  toLocation: string | null;
  expectedArrival: string;
  dispatchedBy: string;
  dispatchedAt: string;
  receivedBy: string | null;
  receivedAt: string | null;
}

/** The body of POST /api/stock/transfers. */
export interface TransferDispatch {
  itemSku: string;
  lotCode?: string;
  quantity: number;
  fromLocation: string;
  toWarehouse: string;
  toLocation?: string;
  expectedArrival: string;
}

const BASE = '/api/stock/transfers';

/**
 * Dispatch and receive transfers (the list itself is the shared list's, on `GET /api/stock/transfers`). Each call is
 * one user action with its Idempotency-Key; silent: the forms show a refusal on the field it names.
 */
@Injectable({ providedIn: 'root' })
export class TransferService {
  private readonly http = inject(HttpClient);

  dispatch(body: TransferDispatch, idempotencyKey: string): Observable<StockTransfer> {
    return this.http.post<StockTransfer>(BASE, body, {
      headers: new HttpHeaders({ 'Idempotency-Key': idempotencyKey }),
      context: silentErrors(),
    });
  }

  receive(number: string, toLocation: string | undefined, idempotencyKey: string): Observable<StockTransfer> {
    return this.http.post<StockTransfer>(
      `${BASE}/${encodeURIComponent(number)}/receive`,
      { toLocation },
      { headers: new HttpHeaders({ 'Idempotency-Key': idempotencyKey }), context: silentErrors() },
    );
  }
}
