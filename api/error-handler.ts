import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { BooksError, DocumentError, RulesError } from '../db/errors';
import { humanValidationMessage } from './validation-messages';
import { DEPENDENCY_NAMES, outageMessage, unavailableDependency } from './dependency-errors';
import {
  ApiError,
  fieldPath,
  retryAfterFor,
  statusFor,
  statusForBooks,
  statusForRules,
  type ApiErrorDetail,
  type ErrorBody,
} from './errors';

type Refusal = { code: string; message: string; field?: string; details?: ReadonlyArray<ApiErrorDetail> };

/**
 * Sends an error body. A 400 always lists its problems in `details` (one entry at least) and names the first
 * in `field`. The body goes out as plain JSON: the documented error schemas are for readers and fuzzers, and a
 * mismatch must never turn a refusal into a 500.
 */
function refuse(reply: FastifyReply, status: number, refusal: Refusal) {
  const fallback = status === 400 ? [{ path: refusal.field ?? '', message: refusal.message }] : undefined;
  const details = refusal.details?.length ? [...refusal.details] : fallback;
  const field = refusal.field ?? (details?.[0]?.path || undefined);
  const error = { code: refusal.code, message: refusal.message, field, ...(details ? { details } : {}) };
  return reply
    .status(status)
    .type('application/json; charset=utf-8')
    .serializer((payload) => JSON.stringify(payload))
    .send({ error } as ErrorBody);
}

/** Every issue of a schema validation failure (body, querystring or params), each with its field path. */
function validationRefusal(error: FastifyError): Refusal {
  const where = error.validationContext ?? 'body';
  const all = (error.validation ?? []).map((issue) => {
    const segments = (issue.instancePath ?? '').split('/').filter((part) => part !== '');
    const path = fieldPath(segments.map((part) => (/^\d+$/.test(part) ? Number(part) : part)));
    // A problem with the input as a whole (no body, a body that is no object) is the input's own: `body`
    // (npm run fuzz: a PATCH without a body was refused naming no field).
    return { path: path || where, message: humanValidationMessage(issue.message ?? 'invalid') };
  });
  // Two checks behind one rule (a documented multipleOf and its exact refinement) say the same thing once.
  const details = all.filter((d, i) => all.findIndex((o) => o.path === d.path && o.message === d.message) === i);
  const [first] = details;
  const more = details.length > 1 ? ` (and ${details.length - 1} more problem${details.length > 2 ? 's' : ''})` : '';
  const at = first && first.path !== where ? `${where}.${first.path}` : where;
  const message = `${at}: ${first?.message ?? 'invalid'}${more}`;
  return { code: 'VALIDATION_FAILED', message, field: first?.path || where, details };
}

/**
 * Installs the one error mapper: coded ApiErrors, request validation failures, an unreachable PostgreSQL or
 * Temporal as 503 DEPENDENCY_UNAVAILABLE with Retry-After, and everything else as 500.
 */
export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | ApiError | BooksError | RulesError | DocumentError, request, reply) => {
    if (error instanceof ApiError) {
      const retryAfter = retryAfterFor(error.code);
      if (retryAfter !== undefined) reply.header('Retry-After', String(retryAfter));
      return refuse(reply, statusFor(error.code), error);
    }
    if (error instanceof RulesError) {
      // The rule-set validator passes zod's developer wording through; say each problem as people read it.
      const details = error.details.map((detail) => ({ ...detail, message: humanValidationMessage(detail.message) }));
      return refuse(reply, statusForRules(error.code), { code: error.code, message: error.message, details });
    }
    if (error instanceof BooksError) return refuse(reply, statusForBooks(error.code), error);
    // A document's refusal (db/purchasing, db/manufacturing writers) carries an API code: the same answer as an ApiError.
    if (error instanceof DocumentError) return refuse(reply, statusFor(error.code), error);
    if (hasZodFastifySchemaValidationErrors(error)) return refuse(reply, 400, validationRefusal(error));
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      // The app's bodyLimit (api/app.ts): refused before the body is read further, naming the limit.
      const limit = request.routeOptions.bodyLimit;
      const message = `The request body is larger than the ${limit} bytes this route accepts`;
      return refuse(reply, 413, { code: 'REQUEST_TOO_LARGE', message, field: 'body' });
    }
    if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      // Fastify's own client errors (malformed JSON, wrong content type, body too large).
      return refuse(reply, error.statusCode, { code: 'VALIDATION_FAILED', message: error.message, field: 'body' });
    }
    const outage = unavailableDependency(error);
    if (outage) {
      // An outage, not a bug: one line naming the server (no stack), and a 503 the caller may retry.
      const { dependency, reason } = outage;
      request.log.warn({ dependency, reason }, `${DEPENDENCY_NAMES[dependency]} is unreachable: ${reason}`);
      reply.header('Retry-After', String(retryAfterFor('DEPENDENCY_UNAVAILABLE')));
      return refuse(reply, 503, { code: 'DEPENDENCY_UNAVAILABLE', message: outageMessage(dependency) });
    }
    request.log.error({ err: error }, 'unhandled error');
    return refuse(reply, 500, { code: 'INTERNAL', message: 'Internal error; see the server log' });
  });
}
