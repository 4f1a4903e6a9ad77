import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { catchError, map, of } from 'rxjs';
import { silentErrors } from '../core/http/http-context';

/**
 * The books' currency (company settings), read once, for showing beside every value. Empty until read (and if the
 * settings cannot be read, so a value is never labelled with a guessed currency).
 */
@Injectable({ providedIn: 'root' })
export class CurrencyService {
  private readonly http = inject(HttpClient);
  readonly code = toSignal(
    this.http.get<{ currency: string }>('/api/company-settings', { context: silentErrors() }).pipe(
      map((settings) => settings.currency),
      catchError(() => of('')),
    ),
    { initialValue: '' },
  );
}
