import { z } from 'zod';
import { BOOKS_ERROR_CODES, RULES_ERROR_CODES, type BooksErrorCode, type RulesErrorCode } from '../../db/errors';
import { API_ERROR_CODES, statusFor, statusForBooks, statusForRules, type ApiErrorCode } from '../errors';

/** Any code an error response can carry: the API's own, the books' and the rule administration's. */
export type ErrorCode = ApiErrorCode | BooksErrorCode | RulesErrorCode;

/** The schema key under which a route lists the error codes it raises; the onRoute hook turns it into responses. */
export const ERRORS_KEY = 'x-error-codes';

/** What a route says about itself in the OpenAPI document. */
export interface RouteDoc {
  /** A short imperative line: "Place a sales order". */
  summary: string;
  /** What the call starts or changes (workflows, postings, audit), and what it refuses; roles are added from config. */
  description: string;
  /**
   * The error codes this route raises itself (not the common ones: VALIDATION_FAILED, UNAUTHENTICATED,
   * FORBIDDEN, INTERNAL, DEPENDENCY_UNAVAILABLE are declared for every route by installRouteDocs). Each code is
   * placed under its HTTP status from the one mapping in api/errors.ts.
   */
  errors?: readonly ErrorCode[];
}

/**
 * The schema fields documenting a route: spread into `schema` beside body/querystring/response, e.g.
 * `schema: { tags: ['items'], ...routeDocs({ summary, description, errors: ['NOT_FOUND'] }), body, response }`.
 */
export function routeDocs(doc: RouteDoc): { summary: string; description: string; [ERRORS_KEY]: ErrorCode[] } {
  return { summary: doc.summary, description: doc.description, [ERRORS_KEY]: [...(doc.errors ?? [])] };
}

const API_CODES: ReadonlySet<string> = new Set(API_ERROR_CODES);
const BOOKS_CODES: ReadonlySet<string> = new Set(BOOKS_ERROR_CODES);
const RULES_CODES: ReadonlySet<string> = new Set(RULES_ERROR_CODES);

/** The HTTP status a code is answered with (the mappings of api/errors.ts). */
export function statusOfCode(code: ErrorCode): number {
  if (API_CODES.has(code)) return statusFor(code as ApiErrorCode);
  if (BOOKS_CODES.has(code)) return statusForBooks(code as BooksErrorCode);
  if (RULES_CODES.has(code)) return statusForRules(code as RulesErrorCode);
  throw new Error(`Unknown error code ${code}`);
}

/** Groups codes by their HTTP status, each list sorted and without repeats. */
export function codesByStatus(codes: Iterable<ErrorCode>): Map<number, ErrorCode[]> {
  const byStatus = new Map<number, Set<ErrorCode>>();
  for (const code of codes) {
    const status = statusOfCode(code);
    byStatus.set(status, (byStatus.get(status) ?? new Set()).add(code));
  }
  return new Map([...byStatus].sort(([a], [b]) => a - b).map(([status, set]) => [status, [...set].sort()]));
}

/** One problem of a refused request: where (a field path such as `lines[0].quantity`; a CSV line and column) and what. */
export const problemSchema = z.object({
  path: z.string(),
  message: z.string(),
  line: z.number().optional(),
  column: z.string().optional(),
});

/** The body of an error response with the given codes; 400s always list their problems in `details`. */
export function errorBodySchema(status: number, codes: readonly ErrorCode[]) {
  const details = z.array(problemSchema);
  return z
    .object({
      error: z.object({
        code: z.enum(codes as [ErrorCode, ...ErrorCode[]]),
        message: z.string(),
        field: z.string().optional(),
        details: status === 400 ? details : details.optional(),
      }),
    })
    .describe(`${STATUS_TEXT[status] ?? `Status ${status}`}: ${codes.join(', ')}`);
}

const STATUS_TEXT: Record<number, string> = {
  400: 'Refused input, every problem listed in `details`',
  401: 'Not signed in, or the session expired',
  403: 'Signed in without a role this route requires',
  404: 'Not found',
  409: 'Conflicts with the current state',
  413: 'Request body too large',
  415: 'Unsupported content type',
  500: 'Internal error (a bug; see the server log)',
  503: 'A server the API needs (PostgreSQL or Temporal) is unreachable; retry after the `Retry-After` seconds',
};
