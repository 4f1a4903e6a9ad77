import { Signal, signal } from '@angular/core';
import { toObservable, toSignal } from '@angular/core/rxjs-interop';
import { catchError, debounceTime, distinctUntilChanged, Observable, of, switchMap } from 'rxjs';

/** Options that follow what is typed into a field: `search(text)` on each keystroke, `options()` in the template. */
export interface SearchAsYouType<T> {
  readonly options: Signal<T[]>;
  search(text: string): void;
}

/**
 * Search-as-you-type for an autocomplete (items on order, purchase-order, BOM and kitting lines, the reports' item
 * picker): asks `find` once typing pauses (200 ms), only when the text changed, keeps only the latest answer, and
 * offers nothing rather than an error when the search fails. Call it where `inject` works (a field initializer).
 */
export function searchAsYouType<T>(find: (text: string) => Observable<T[]>): SearchAsYouType<T> {
  const text = signal('');
  const options = toSignal(
    toObservable(text).pipe(
      debounceTime(200),
      distinctUntilChanged(),
      switchMap((typed) => find(typed).pipe(catchError(() => of<T[]>([])))),
    ),
    { initialValue: [] as T[] },
  );
  return { options, search: (typed) => text.set(typed.trim()) };
}
