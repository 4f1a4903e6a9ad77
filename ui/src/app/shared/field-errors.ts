import { HttpErrorResponse } from '@angular/common/http';
import { signal } from '@angular/core';
import { AbstractControl, FormArray, FormGroup } from '@angular/forms';
import { errorMessage } from './api-error';

/** One problem of a 400 (`details[]`), or the field of a 409 (`DUPLICATE`, `FIELD_FROZEN`). */
export interface FieldProblem {
  path: string;
  message: string;
}

/** The API's error body with the problem list every 400 carries. */
export interface ApiProblemBody {
  error: { code: string; message: string; field?: string; details?: FieldProblem[] };
}

/** The coded error of a failed call, or null when the body is not the API's shape. */
export function apiProblemOf(err: unknown): ApiProblemBody['error'] | null {
  if (!(err instanceof HttpErrorResponse)) return null;
  const body = err.error as Partial<ApiProblemBody> | null;
  if (!body || typeof body !== 'object' || typeof body.error?.message !== 'string') return null;
  return body.error;
}

/** Every problem of an error, each with its path; a single-field error becomes one problem. */
export function problemsOf(err: unknown): FieldProblem[] {
  const api = apiProblemOf(err);
  if (!api) return [];
  const details = (api.details ?? []).filter((d) => typeof d?.message === 'string');
  if (details.length) return details.map((d) => ({ path: String(d.path ?? ''), message: d.message }));
  return api.field ? [{ path: api.field, message: api.message }] : [];
}

/** `body.conversions[1].factor`, `/conversions/1/factor`, `$.conversions.1.factor` -> ['conversions', 1, 'factor']. */
export function pathSegments(path: string): (string | number)[] {
  const parts = path
    .replace(/\[(\d+)\]/g, '.$1')
    .split(/[./]/)
    .filter((part) => part !== '' && part !== '$');
  if (parts[0] === 'body') parts.shift();
  return parts.map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

/** The leaf control a problem's path names, or null (groups and arrays show their problems in the summary). */
export function controlFor(form: AbstractControl, path: string): AbstractControl | null {
  const segments = pathSegments(path);
  if (!segments.length) return null;
  const control = form.get(segments);
  if (!control || control instanceof FormGroup || control instanceof FormArray) return null;
  return control;
}

/**
 * A form's server-side errors: each problem the API names goes onto its field (shown by `mw-field-error`
 * inside the field's mat-error), the rest into the summary (`mw-error-summary`). Editing a field clears its
 * server error, because Angular re-runs the validators on every change.
 */
export class FormErrors {
  readonly message = signal<string | null>(null);
  /** Problems no field of the form shows. */
  readonly unplaced = signal<FieldProblem[]>([]);

  show(form: AbstractControl, err: unknown): void {
    const problems = problemsOf(err);
    const unplaced: FieldProblem[] = [];
    for (const problem of problems) {
      const control = controlFor(form, problem.path);
      if (!control || control.disabled) {
        unplaced.push(problem);
        continue;
      }
      control.setErrors({ ...(control.errors ?? {}), server: problem.message });
      control.markAsTouched();
    }
    // Said once: when every problem sits on its field, the summary only points there instead of repeating it.
    const placed = problems.length - unplaced.length;
    const pointer = placed === 1 ? 'Check the marked field' : 'Check the marked fields';
    this.message.set(placed > 0 && unplaced.length === 0 ? pointer : errorMessage(err));
    this.unplaced.set(unplaced);
  }

  clear(): void {
    this.message.set(null);
    this.unplaced.set([]);
  }
}
