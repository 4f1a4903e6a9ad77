import { HttpErrorResponse, HttpInterceptorFn } from '@angular/common/http';
import { inject } from '@angular/core';
import { MatSnackBar } from '@angular/material/snack-bar';
import { Router } from '@angular/router';
import { catchError, throwError } from 'rxjs';
import { errorMessage } from '../../shared/api-error';
import { AuthService } from '../auth/auth.service';
import { SILENT_ERRORS } from './http-context';

const LOGIN_URL = '/api/auth/login';

/**
 * The single place that turns HTTP failures into user feedback: a snackbar with the
 * server's message, and on 401 a local logout + redirect to /login. Errors are always
 * re-thrown so callers can still react (e.g. show field errors inline).
 */
export const errorInterceptor: HttpInterceptorFn = (req, next) => {
  const auth = inject(AuthService);
  const router = inject(Router);
  const snackBar = inject(MatSnackBar);

  return next(req).pipe(
    catchError((err: unknown) => {
      if (!(err instanceof HttpErrorResponse)) return throwError(() => err);

      // A 401 on the login call means bad credentials, not an expired session.
      if (err.status === 401 && !req.url.endsWith(LOGIN_URL)) {
        const wasLoggedIn = auth.isLoggedIn();
        auth.clearSession();
        if (wasLoggedIn) snackBar.open('Your session has ended. Please sign in again.', 'Dismiss', { duration: 6000 });
        if (!router.url.startsWith('/login')) {
          void router.navigate(['/login'], { queryParams: { returnUrl: router.url } });
        }
      } else if (!req.context.get(SILENT_ERRORS)) {
        snackBar.open(errorMessage(err), 'Dismiss', { duration: 6000 });
      }
      return throwError(() => err);
    }),
  );
};
