import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable } from 'rxjs';
import { silentErrors } from '../../core/http/http-context';

/** A manual entry's line as the form sends it: either debit or credit above zero. */
export interface ManualLineInput {
  account: string;
  debit: number;
  credit: number;
  memo?: string;
}

export interface ManualEntryInput {
  entryDate: string;
  reference: string;
  reason: string;
  adjustment: boolean;
  lines: ManualLineInput[];
}

/** A manual journal entry as the API lists it. */
export interface ManualEntry {
  id: number;
  entryDate: string;
  period: string;
  reference: string;
  reason: string;
  adjustment: boolean;
  total: number;
  createdBy: string;
  createdAt: string;
  lines: Array<{ account: string; accountName: string; debit: number; credit: number; memo: string | null }>;
}

/** Manual journal entries: post one (one Idempotency-Key per user action), import a CSV of many. */
@Injectable({ providedIn: 'root' })
export class JournalEntryService {
  private readonly http = inject(HttpClient);

  post(entry: ManualEntryInput, idempotencyKey: string): Observable<ManualEntry> {
    return this.http.post<ManualEntry>('/api/journal-entries', entry, {
      headers: { 'idempotency-key': idempotencyKey },
      context: silentErrors(),
    });
  }

  import(csv: string, reason: string, idempotencyKey: string): Observable<{ entries: number; ids: number[] }> {
    return this.http.post<{ entries: number; ids: number[] }>('/api/journal-entries/import', csv, {
      params: { reason },
      headers: { 'content-type': 'text/csv', 'idempotency-key': idempotencyKey },
      context: silentErrors(),
    });
  }
}
