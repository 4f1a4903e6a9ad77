import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { ApiError, fieldPath, type ApiErrorDetail } from './errors';

/** How deep the guard walks a body; JSON nested deeper than this is refused rather than walked. */
const MAX_DEPTH = 64;

/** Every place in a parsed value where a string (or an object key) holds a NUL character. */
export function nulProblems(value: unknown, path: Array<string | number> = [], depth = 0): ApiErrorDetail[] {
  if (typeof value === 'string') {
    return value.includes('\u0000') ? [{ path: fieldPath(path), message: 'must not contain a NUL character' }] : [];
  }
  if (value === null || typeof value !== 'object') return [];
  if (depth > MAX_DEPTH) return [{ path: fieldPath(path), message: `nested deeper than ${MAX_DEPTH} levels` }];
  if (Array.isArray(value)) return value.flatMap((item, index) => nulProblems(item, [...path, index], depth + 1));
  return Object.entries(value).flatMap(([key, item]) => {
    const at = [...path, key];
    const keyProblem = key.includes('\u0000')
      ? [{ path: fieldPath(at), message: 'name must not contain a NUL character' }]
      : [];
    return [...keyProblem, ...nulProblems(item, at, depth + 1)];
  });
}

/**
 * Refuses, for every route in one place, input that PostgreSQL cannot store: a NUL character in any string (or
 * map key) of the path parameters, the query string or the body (text and jsonb columns refuse it, which used to
 * surface as a 500). It checks what the route's schema let through (unknown properties the schema drops are never
 * stored, so they do not matter), and the OpenAPI document marks free text NUL-free (document-transform.ts).
 */
export function installInputGuard(app: FastifyInstance): void {
  app.addHook('preHandler', async (request) => {
    const problems = [
      ...nulProblems(request.params ?? {}),
      ...nulProblems(request.query ?? {}),
      // A body that is one string (a CSV import's text) is the field `body` itself (npm run fuzz: it was refused
      // naming no field).
      ...nulProblems(request.body ?? null).map((problem) => (problem.path ? problem : { ...problem, path: 'body' })),
    ];
    const [first] = problems;
    if (!first) return;
    const where = first.path ? `${first.path}: ` : '';
    throw new ApiError('VALIDATION_FAILED', `${where}${first.message}`, first.path || undefined, problems);
  });
}

/** Years PostgreSQL and people agree on: year 0 does not exist in PostgreSQL, and five-digit years are typos. */
const plausibleYear = (value: string) => {
  const year = Number(value.slice(0, 4));
  return year >= 1 && year <= 9999;
};

/** A calendar date `YYYY-MM-DD` that exists (no 2026-02-30) in years 1 to 9999. */
export const isoDate = (message = 'must be a date YYYY-MM-DD') =>
  z.iso.date({ message }).refine(plausibleYear, { message: 'must be a date between the years 1 and 9999' });

/** An ISO date-time with its offset, in years 1 to 9999. */
export const isoDateTime = (message = 'must be an ISO date-time with an offset') =>
  z.iso
    .datetime({ offset: true, message })
    .refine(plausibleYear, { message: 'must be a date-time between the years 1 and 9999' });
