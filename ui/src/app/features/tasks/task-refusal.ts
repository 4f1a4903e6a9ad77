import { HttpErrorResponse } from '@angular/common/http';
import { apiProblemOf, problemsOf } from '../../shared/field-errors';

const PAYLOAD_PREFIX = /^(body\.)?payload\./;

/**
 * "payload.comment is required to reject: say why" -> "Required to reject: say why", "payload.approved: a concession
 * needs ..." -> "A concession needs ...": the field already says which field it is, so its message need not start with
 * the path.
 */
export function messageForField(path: string, message: string): string {
  if (!path || !message.startsWith(path)) return message;
  const rest = message
    .slice(path.length)
    .replace(/^:/, '')
    .trim()
    .replace(/^is\s+/, '');
  return rest ? rest.charAt(0).toUpperCase() + rest.slice(1) : message;
}

/**
 * A refused task completion as a task form places it with the shared `FormErrors`: the workflow names fields of the
 * completion payload (`payload.comment`), the form's controls are the payload's own fields (`comment`).
 */
export function taskRefusal(err: unknown): unknown {
  const problem = apiProblemOf(err);
  if (!problem || !(err instanceof HttpErrorResponse)) return err;
  const field = (path: string) => path.replace(PAYLOAD_PREFIX, '');
  const details = problemsOf(err).map((p) => ({ path: field(p.path), message: messageForField(p.path, p.message) }));
  const error = {
    ...problem,
    field: problem.field ? field(problem.field) : problem.field,
    message: problem.field ? messageForField(problem.field, problem.message) : problem.message,
    details,
  };
  return new HttpErrorResponse({
    error: { error },
    status: err.status,
    statusText: err.statusText,
    url: err.url ?? '',
  });
}

/** Whether a refusal names a field (else it is about the task as a whole: claimed by someone else, finished ...). */
export function namesAField(err: unknown): boolean {
  return problemsOf(err).some((problem) => problem.path !== '');
}
