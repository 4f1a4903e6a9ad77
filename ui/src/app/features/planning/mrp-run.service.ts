import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { Observable } from 'rxjs';
import { MrpItemGrid, MrpRunDetail, PeggingTree } from './mrp-run.types';

const run = (id: number) => `/api/mrp-runs/${id}`;

/** MRP runs to read: a run's plan, an item's grid, and the pegging of a planned order, supply or demand. */
@Injectable({ providedIn: 'root' })
export class MrpRunService {
  private readonly http = inject(HttpClient);

  get(id: number): Observable<MrpRunDetail> {
    return this.http.get<MrpRunDetail>(run(id));
  }

  item(id: number, sku: string): Observable<MrpItemGrid> {
    return this.http.get<MrpItemGrid>(`${run(id)}/items/${encodeURIComponent(sku)}`);
  }

  pegging(id: number, ref: string): Observable<PeggingTree> {
    return this.http.get<PeggingTree>(`${run(id)}/pegging`, { params: { ref } });
  }
}
