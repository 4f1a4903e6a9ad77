import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { map, Observable } from 'rxjs';
import { toParams } from '../http-params';

/**
 * Downloads a CSV through HttpClient, so the request carries the bearer token like every API call (a bare
 * link would reach the server without it), then hands the bytes to the browser as a file.
 */
@Injectable({ providedIn: 'root' })
export class CsvDownload {
  private readonly http = inject(HttpClient);

  /** GET `url` with `query` and save the answer as `fileName`; completes with the byte size. */
  download(url: string, query: object, fileName: string): Observable<number> {
    return this.http.get(url, { params: toParams(query), responseType: 'blob' }).pipe(
      map((blob) => {
        saveBlob(blob, fileName);
        return blob.size;
      }),
    );
  }
}

export function saveBlob(blob: Blob, fileName: string): void {
  const href = URL.createObjectURL(blob);
  const anchor = document.createElement('a');
  anchor.href = href;
  anchor.download = fileName;
  anchor.style.display = 'none';
  document.body.appendChild(anchor);
  anchor.click();
  anchor.remove();
  // Revoking at once can cancel the download in some browsers; give it a moment.
  setTimeout(() => URL.revokeObjectURL(href), 10_000);
}
