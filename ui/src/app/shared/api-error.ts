import { HttpErrorResponse } from '@angular/common/http';
import { ApiErrorBody } from './api.types';

function isApiErrorBody(body: unknown): body is ApiErrorBody {
  if (typeof body !== 'object' || body === null) return false;
  const error = (body as { error?: unknown }).error;
  return typeof error === 'object' && error !== null && typeof (error as { message?: unknown }).message === 'string';
}

/** Server-provided error details, or null when the body is not in the API's error shape. */
export function apiErrorOf(err: unknown): ApiErrorBody['error'] | null {
  if (err instanceof HttpErrorResponse && isApiErrorBody(err.error)) return err.error.error;
  return null;
}

/** Human-readable message: prefer the server's own text over Angular's generic one. */
export function errorMessage(err: unknown): string {
  const api = apiErrorOf(err);
  if (api) return api.message;
  if (err instanceof HttpErrorResponse) {
    // status 0 = network failure / server down; the generic Angular text is unhelpful there.
    if (err.status === 0) return 'Cannot reach the Millwright server.';
    return `${err.status} ${err.statusText || 'Request failed'}`;
  }
  return err instanceof Error ? err.message : 'Unexpected error';
}
