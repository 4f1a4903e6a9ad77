import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { Observable } from 'rxjs';
import { silentErrors } from '../../core/http/http-context';
import { MasterRecord } from './resource.types';

const url = (resource: string, key?: string): string =>
  key === undefined ? `/api/${resource}` : `/api/${resource}/${encodeURIComponent(key)}`;

/**
 * The master-data API, the same for every resource (docs: master-data API contract): one record by key,
 * create, partial change, deactivate and reactivate. Saves are silent: the forms show the problems inline.
 */
@Injectable({ providedIn: 'root' })
export class MasterDataService {
  private readonly http = inject(HttpClient);

  get(resource: string, key?: string): Observable<MasterRecord> {
    return this.http.get<MasterRecord>(url(resource, key), { context: silentErrors() });
  }

  create(resource: string, record: MasterRecord): Observable<MasterRecord> {
    return this.http.post<MasterRecord>(url(resource), record, { context: silentErrors() });
  }

  change(resource: string, key: string, changes: MasterRecord): Observable<MasterRecord> {
    return this.http.patch<MasterRecord>(url(resource, key), changes, { context: silentErrors() });
  }

  /** Singletons (company settings) are replaced as a whole. */
  replace(resource: string, record: MasterRecord): Observable<MasterRecord> {
    return this.http.put<MasterRecord>(url(resource), record, { context: silentErrors() });
  }

  setActive(resource: string, key: string, active: boolean): Observable<MasterRecord> {
    return this.http.post<MasterRecord>(`${url(resource, key)}/${active ? 'reactivate' : 'deactivate'}`, null);
  }

  /** A sub-collection of a record (an item's suppliers, a warehouse's zones). */
  listOf<T>(path: string): Observable<{ items: T[] }> {
    return this.http.get<{ items: T[] }>(path, { context: silentErrors() });
  }

  post<T>(path: string, body: unknown): Observable<T> {
    return this.http.post<T>(path, body, { context: silentErrors() });
  }

  patch<T>(path: string, body: unknown): Observable<T> {
    return this.http.patch<T>(path, body, { context: silentErrors() });
  }
}
