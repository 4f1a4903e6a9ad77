import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { Observable } from 'rxjs';
import { silentErrors } from '../../core/http/http-context';
import { CarrierReceiptDetail, NewCarrierReceipt } from './carrier-receipt.types';

/** Carrier receipts over HTTP (api/carrier-receipts): entering one starts its posting process. */
@Injectable({ providedIn: 'root' })
export class CarrierReceiptService {
  private readonly http = inject(HttpClient);

  /** Silent: the form shows a refusal on the field it names. */
  create(receipt: NewCarrierReceipt): Observable<{ receiptNumber: string; workflowId: string }> {
    return this.http.post<{ receiptNumber: string; workflowId: string }>('/api/carrier-receipts', receipt, {
      context: silentErrors(),
    });
  }

  get(receiptNumber: string): Observable<CarrierReceiptDetail> {
    return this.http.get<CarrierReceiptDetail>(`/api/carrier-receipts/${encodeURIComponent(receiptNumber)}`);
  }
}
