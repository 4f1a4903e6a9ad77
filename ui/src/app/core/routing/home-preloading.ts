import { Injectable } from '@angular/core';
import { PreloadingStrategy, Route } from '@angular/router';
import { Observable, of } from 'rxjs';

/**
 * Loads the code of the pages people land on after signing in (routes marked `data: { preload: true }`: the process
 * list and the task inbox) while the sign-in page waits for its user, so the first row after "Sign in" does not wait
 * for those chunks. Mark the lazy route and its landing page's route both: a mark is not inherited, and a page left
 * unmarked was fetched after "Sign in" (its chunk, then its ten shared chunks). Every other page (editors, charts,
 * reports) still loads only when opened.
 */
@Injectable({ providedIn: 'root' })
export class HomePreloading implements PreloadingStrategy {
  preload(route: Route, load: () => Observable<unknown>): Observable<unknown> {
    return route.data?.['preload'] === true ? load() : of(null);
  }
}
