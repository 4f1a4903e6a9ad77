import { HttpParams } from '@angular/common/http';

/** Builds query params, dropping empty filters so the server applies its own defaults. */
export function toParams(query: object): HttpParams {
  let params = new HttpParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    params = params.set(key, String(value));
  }
  return params;
}
