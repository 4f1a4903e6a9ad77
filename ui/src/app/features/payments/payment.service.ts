import { HttpClient, HttpHeaders } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { Observable } from 'rxjs';

export type PaymentKind = 'customer-receipt' | 'supplier-payment';

export interface OpenInvoice {
  invoiceNumber: string;
  partner: string;
  partnerName: string;
  issuedOn: string;
  dueOn: string;
  amount: number;
  paidAmount: number;
  openAmount: number;
}

export interface PaymentBody {
  kind: PaymentKind;
  partner: string;
  amount: number;
  paidOn: string;
  reference?: string;
  allocations?: Array<{ invoiceNumber: string; amount: number }>;
}

/** Payments in and out (`/api/payments`): enter one, import a bank statement, list open invoices to apply to. */
@Injectable({ providedIn: 'root' })
export class PaymentService {
  private readonly http = inject(HttpClient);

  openInvoices(kind: PaymentKind, partner: string): Observable<{ items: OpenInvoice[] }> {
    return this.http.get<{ items: OpenInvoice[] }>('/api/payments/open-invoices', { params: { kind, partner } });
  }

  /** One key per form submission: a retried request (a double click, a flaky network) pays once. */
  enter(body: PaymentBody, key: string): Observable<unknown> {
    return this.http.post('/api/payments', body, { headers: new HttpHeaders({ 'Idempotency-Key': key }) });
  }

  importStatement(csv: string, mode: 'dry-run' | 'apply'): Observable<{ rows: number; applied: boolean }> {
    return this.http.post<{ rows: number; applied: boolean }>(`/api/payments/import?mode=${mode}`, csv, {
      headers: new HttpHeaders({ 'content-type': 'text/csv' }),
    });
  }
}
