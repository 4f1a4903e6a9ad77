import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { Observable } from 'rxjs';
import { silentErrors } from '../../core/http/http-context';
import { NewSupplierInvoice } from './supplier-invoice.types';

/** Supplier invoices over HTTP: entering one starts its three-way match (api/supplier-invoices). */
@Injectable({ providedIn: 'root' })
export class SupplierInvoiceService {
  private readonly http = inject(HttpClient);

  /** Silent: the entry page shows a refusal beside the field it names. */
  create(invoice: NewSupplierInvoice): Observable<{ invoiceNumber: string; workflowId: string; grossTotal: number }> {
    return this.http.post<{ invoiceNumber: string; workflowId: string; grossTotal: number }>(
      '/api/supplier-invoices',
      invoice,
      { context: silentErrors() },
    );
  }
}
