import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { Observable } from 'rxjs';
import { PackCheckRecorded, PackCheckView, ScannedLine } from './pack-check.types';

@Injectable({ providedIn: 'root' })
export class PackCheckService {
  private readonly http = inject(HttpClient);

  view(orderNumber: string): Observable<PackCheckView> {
    return this.http.get<PackCheckView>(`/api/orders/${encodeURIComponent(orderNumber)}/pack-check`);
  }

  /** Sends a package's scanned lines; a mismatch comes back as a 422 naming each line and field. */
  check(orderNumber: string, packageNo: string, lines: ScannedLine[]): Observable<PackCheckRecorded> {
    const url = `/api/orders/${encodeURIComponent(orderNumber)}/pack-check/packages/${encodeURIComponent(packageNo)}`;
    return this.http.post<PackCheckRecorded>(url, { lines });
  }
}
