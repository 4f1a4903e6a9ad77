import { HttpContext, HttpContextToken } from '@angular/common/http';

/**
 * Marks a request whose failures the caller presents itself (inline message, retry
 * loop such as detail polling), so the global error interceptor must not also pop a
 * snackbar. 401 handling (logout) still applies.
 */
export const SILENT_ERRORS = new HttpContextToken<boolean>(() => false);

export function silentErrors(): HttpContext {
  return new HttpContext().set(SILENT_ERRORS, true);
}
