import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { map, Observable } from 'rxjs';
import { Item, Paged } from '../../shared/api.types';
import { silentErrors } from '../../core/http/http-context';
import { toParams } from '../../shared/http-params';
import {
  BomTree,
  BomVersion,
  KittingDemand,
  KittingResult,
  NewBomVersion,
  NewRoutingVersion,
  RoutingVersion,
  WhereUsedRow,
  WorkCentreRate,
} from './manufacturing.types';

const item = (sku: string) => `/api/items/${encodeURIComponent(sku)}`;

/** The page shows these failures itself (on the form's fields, in the tab): no snackbar on top. */
const silent = { context: silentErrors() };

/** Lists arrive either bare or as `{ items }`; both read as an array. */
const itemsOf = <T>(body: T[] | { items: T[] }): T[] => (Array.isArray(body) ? body : body.items);

/** BOMs, routings, work-centre rates and kitting: the manufacturing master data and its analysis. */
@Injectable({ providedIn: 'root' })
export class ManufacturingService {
  private readonly http = inject(HttpClient);

  searchItems(search: string): Observable<Item[]> {
    return this.http
      .get<Paged<Item>>('/api/items', { params: toParams({ search, page: 1, pageSize: 20 }) })
      .pipe(map((res) => res.items));
  }

  bomTree(sku: string, date: string, quantity: number): Observable<BomTree> {
    return this.http.get<BomTree>(`${item(sku)}/bom-tree`, { ...silent, params: toParams({ date, quantity }) });
  }

  whereUsed(sku: string, date: string): Observable<WhereUsedRow[]> {
    return this.http
      .get<WhereUsedRow[] | { items: WhereUsedRow[] }>(`${item(sku)}/where-used`, {
        ...silent,
        params: toParams({ date }),
      })
      .pipe(map(itemsOf));
  }

  bomVersions(sku: string): Observable<BomVersion[]> {
    return this.http.get<BomVersion[] | { items: BomVersion[] }>(`${item(sku)}/boms`).pipe(map(itemsOf));
  }

  createBom(sku: string, body: NewBomVersion): Observable<BomVersion> {
    return this.http.post<BomVersion>(`${item(sku)}/boms`, body, silent);
  }

  routingVersions(sku: string): Observable<RoutingVersion[]> {
    return this.http.get<RoutingVersion[] | { items: RoutingVersion[] }>(`${item(sku)}/routings`).pipe(map(itemsOf));
  }

  createRouting(sku: string, body: NewRoutingVersion): Observable<RoutingVersion> {
    return this.http.post<RoutingVersion>(`${item(sku)}/routings`, body, silent);
  }

  /** Active work centres for the operations' pickers. */
  workCentres(): Observable<{ code: string; name: string }[]> {
    return this.http
      .get<Paged<{ code: string; name: string }>>('/api/work-centres', {
        params: toParams({ active: true, page: 1, pageSize: 200, sort: 'code' }),
      })
      .pipe(map((res) => res.items));
  }

  rates(workCentre: string): Observable<WorkCentreRate[]> {
    return this.http
      .get<WorkCentreRate[] | { items: WorkCentreRate[] }>(`/api/work-centres/${encodeURIComponent(workCentre)}/rates`)
      .pipe(map(itemsOf));
  }

  addRate(workCentre: string, body: WorkCentreRate): Observable<WorkCentreRate> {
    return this.http.post<WorkCentreRate>(`/api/work-centres/${encodeURIComponent(workCentre)}/rates`, body);
  }

  kitting(demands: KittingDemand[], date?: string): Observable<KittingResult[]> {
    return this.http
      .post<{ demands: KittingResult[] }>('/api/manufacturing/kitting', { ...(date ? { date } : {}), demands }, silent)
      .pipe(map((res) => res.demands));
  }
}
