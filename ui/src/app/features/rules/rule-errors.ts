import { HttpErrorResponse } from '@angular/common/http';
import { apiErrorOf, errorMessage } from '../../shared/api-error';
import { ApiErrorDetail } from '../../shared/api.types';
import { isRecord } from './rule-content';

/** A refused rule-set action as the pages show it: the server's sentence, its code and every path it named. */
export interface RuleProblem {
  code: string | null;
  status: number;
  message: string;
  details: ApiErrorDetail[];
}

function detailsOf(err: unknown): ApiErrorDetail[] {
  if (!(err instanceof HttpErrorResponse) || !isRecord(err.error) || !isRecord(err.error['error'])) return [];
  const details = err.error['error']['details'];
  if (!Array.isArray(details)) return [];
  return details.filter(isRecord).map((d) => ({ path: String(d['path'] ?? '$'), message: String(d['message'] ?? '') }));
}

export function ruleProblemOf(err: unknown): RuleProblem {
  return {
    code: apiErrorOf(err)?.code ?? null,
    status: err instanceof HttpErrorResponse ? err.status : 0,
    message: errorMessage(err),
    details: detailsOf(err),
  };
}
