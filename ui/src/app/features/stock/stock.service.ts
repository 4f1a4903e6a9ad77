import { HttpClient, HttpHeaders } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { Observable } from 'rxjs';
import { silentErrors } from '../../core/http/http-context';

/** The moves a person posts by hand (receipts and shipments come from their processes). */
export const MANUAL_MOVE_TYPES = ['adjustment', 'transfer', 'scrap', 'status-change', 'issue'] as const;
export type ManualMoveType = (typeof MANUAL_MOVE_TYPES)[number];
export const STOCK_STATUSES = ['available', 'quarantine', 'blocked', 'at-supplier'] as const;

/** The body of POST /api/stock/moves. */
export interface ManualMove {
  moveType: ManualMoveType;
  itemSku: string;
  lotCode?: string;
  fromLocation?: string;
  toLocation?: string;
  fromStatus?: string;
  toStatus?: string;
  quantity: number;
  unitCost?: number;
  reason: string;
}

export interface PostedMove {
  moveId: number;
  value: number;
  journalEntryId: number | null;
  duplicate: boolean;
}

@Injectable({ providedIn: 'root' })
export class StockService {
  private readonly http = inject(HttpClient);

  /**
   * Posts a manual move. `idempotencyKey` is one per user action (a retry of the same action sends the same key,
   * so the move posts once). Silent: the form shows the refusal on the field it names.
   */
  postMove(move: ManualMove, idempotencyKey: string): Observable<PostedMove> {
    return this.http.post<PostedMove>('/api/stock/moves', move, {
      headers: new HttpHeaders({ 'Idempotency-Key': idempotencyKey }),
      context: silentErrors(),
    });
  }
}
