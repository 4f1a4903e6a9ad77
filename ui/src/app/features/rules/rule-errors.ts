/**
 * The rules pages' refusals through the console's shared field errors (FormErrors, mw-field-error,
 * mw-error-summary). The rule editor is not a reactive form, so what is specific here is only the mapping: which
 * JSON paths the editor shows as fields (a carrier FormGroup with one control per shown field, for FormErrors to
 * place problems on), and the server's paths turned into those fields (the server words each problem for people).
 */
import { HttpErrorResponse } from '@angular/common/http';
import { signal } from '@angular/core';
import { AbstractControl, FormControl, FormGroup } from '@angular/forms';
import { apiProblemOf, FieldProblem, FormErrors, pathSegments, problemsOf } from '../../shared/field-errors';
import { FieldValues } from './rule-fields';

/** `content.rules[0].name`, `body.content.rules[0].name` and `$.rules[0].name` all as `$.rules[0].name`. */
export function jsonPath(path: string): string {
  const rest = path.replace(/^body\./, '').replace(/^(content|\$)(?=[.[]|$)/, '');
  if (!rest) return '$';
  return rest.startsWith('.') || rest.startsWith('[') ? `$${rest}` : `$.${rest}`;
}

/** The shown field a path falls in (`sortKeys[2]` is in the sort-key list), or null. */
export function fieldOf(path: string, fields: Iterable<string>): string | null {
  for (const field of fields) {
    if (path === field || path.startsWith(`${field}[`) || path.startsWith(`${field}.`)) return field;
  }
  return null;
}

/** A problem inside a field (an entry of the sort-key list) is said as is: its message names the entry. */
const innerMessage = (_rest: string, message: string) => message;

/**
 * The same failure as FormErrors should show it: each problem on the shown field it falls in (several on one field
 * said together), the rest labelled readably (`rules[0].conditions.all`) for the summary, every message in words.
 */
export function ruleFailure(err: unknown, fields: Iterable<string>, inner = innerMessage): unknown {
  const api = apiProblemOf(err);
  if (!api || !(err instanceof HttpErrorResponse)) return err;
  const byPath = new Map<string, string[]>();
  for (const problem of problemsOf(err)) {
    const path = jsonPath(problem.path);
    const field = fieldOf(path, fields);
    const message = problem.message;
    const key = field ?? path.replace(/^\$\.?/, '');
    const said = field && field !== path ? inner(path.slice(field.length), message) : message;
    byPath.set(key, [...(byPath.get(key) ?? []), said]);
  }
  const details: FieldProblem[] = [...byPath].map(([path, messages]) => ({ path, message: messages.join('; ') }));
  const count = problemsOf(err).length;
  const message =
    api.code === 'RULE_SET_INVALID' && count > 0
      ? `The server refused this content (${count} problem${count === 1 ? '' : 's'})`
      : api.message;
  return new HttpErrorResponse({
    error: { error: { code: api.code, message, details } },
    status: err.status,
    statusText: err.statusText,
    url: err.url ?? '',
  });
}

/** A refusal the console decides itself (facts that are not JSON), shaped like the server's so it shows the same. */
export function localFailure(path: string, message: string): HttpErrorResponse {
  return new HttpErrorResponse({
    error: { error: { code: 'INVALID_INPUT', message, details: [{ path, message }] } },
    status: 400,
    statusText: 'Bad Request',
  });
}

/** A FormGroup with one control per field path (nested by the path's segments), for FormErrors to find. */
export function carrierOf(fields: FieldValues): FormGroup {
  const root = new FormGroup<Record<string, AbstractControl>>({});
  for (const [path, value] of fields) {
    const segments = pathSegments(path).map(String);
    const last = segments.pop();
    if (last === undefined) continue;
    let group = root;
    for (const segment of segments) {
      let next = group.controls[segment];
      if (!(next instanceof FormGroup)) {
        next = new FormGroup<Record<string, AbstractControl>>({});
        group.setControl(segment, next, { emitEvent: false });
      }
      group = next as FormGroup<Record<string, AbstractControl>>;
    }
    group.setControl(last, new FormControl(value), { emitEvent: false });
  }
  return root;
}

/**
 * Server errors of a form that is not a reactive form: the fields it shows (by path, with their values) back a
 * carrier FormGroup, FormErrors places each problem on its field or in the summary, and a field's error clears
 * when its value changes (the carrier control is set to it, so Angular re-runs the validators).
 */
export class PathFieldErrors {
  readonly summary = new FormErrors();
  /** Bumped on every change of errors, so OnPush templates that ask for a field's control re-render. */
  private readonly revision = signal(0);
  private fields: FieldValues = new Map();
  private form = carrierOf(this.fields);
  private code: string | null = null;

  /** @param inner - how a problem inside a field (deeper than its path) is said, e.g. naming the fact it is about */
  constructor(private readonly inner = innerMessage) {}

  /** Follows the shown fields: a changed value clears its field's error; moved fields (rows added, removed) all. */
  sync(fields: FieldValues): void {
    const sameShape = fields.size === this.fields.size && [...fields.keys()].every((path) => this.fields.has(path));
    const previous = this.fields;
    this.fields = fields;
    if (!sameShape) return this.clear();
    const changed = [...fields].filter(([path, value]) => previous.get(path) !== value);
    if (changed.length === 0) return;
    for (const [path, value] of changed) this.control(path)?.setValue(value);
    if (this.summary.unplaced().length === 0 && !this.anyInvalid()) this.summary.clear();
    this.revision.update((n) => n + 1);
  }

  show(err: unknown): void {
    this.form = carrierOf(this.fields);
    this.code = apiProblemOf(err)?.code ?? null;
    this.summary.show(this.form, ruleFailure(err, this.fields.keys(), this.inner));
    this.revision.update((n) => n + 1);
  }

  clear(): void {
    this.form = carrierOf(this.fields);
    this.code = null;
    this.summary.clear();
    this.revision.update((n) => n + 1);
  }

  /** The API code of the refusal shown, or null. */
  shownCode(): string | null {
    this.revision();
    return this.code;
  }

  /** The carrier control of a shown field (for mw-field-error), or null. */
  control(path: string): AbstractControl | null {
    this.revision();
    const control = this.form.get(pathSegments(path));
    return control instanceof FormControl ? control : null;
  }

  invalid(path: string): boolean {
    return Boolean(this.control(path)?.errors);
  }

  private anyInvalid(): boolean {
    return [...this.fields.keys()].some((path) => this.control(path)?.errors);
  }
}
