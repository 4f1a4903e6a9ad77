import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { BooksError, RulesError } from '../db/errors';
import { ApiError, fieldPath, statusFor, statusForBooks, statusForRules, type ErrorBody } from './errors';

/** Installs the one error mapper: coded ApiErrors, request validation failures, and everything else as 500. */
export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | ApiError | BooksError | RulesError, request, reply) => {
    if (error instanceof ApiError) {
      const body: ErrorBody = { error: { code: error.code, message: error.message, field: error.field } };
      return reply.status(statusFor(error.code)).send(body);
    }
    if (error instanceof RulesError) {
      const field = error.details[0]?.path;
      const body = { error: { code: error.code, message: error.message, field, details: error.details } };
      return reply.status(statusForRules(error.code)).send(body);
    }
    if (error instanceof BooksError) {
      const body = { error: { code: error.code, message: error.message, field: error.field } };
      return reply.status(statusForBooks(error.code)).send(body);
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      const first = error.validation[0];
      const segments = (first?.instancePath ?? '').split('/').filter((part) => part !== '');
      const field = fieldPath(segments.map((part) => (/^\d+$/.test(part) ? Number(part) : part))) || undefined;
      const where = error.validationContext ?? 'body';
      const message = `${where}${field ? `.${field}` : ''}: ${first?.message ?? 'invalid'}`;
      const body: ErrorBody = { error: { code: 'VALIDATION_FAILED', message, field } };
      return reply.status(400).send(body);
    }
    if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      // Fastify's own client errors (malformed JSON, wrong content type, body too large).
      const body: ErrorBody = { error: { code: 'VALIDATION_FAILED', message: error.message, field: 'body' } };
      return reply.status(error.statusCode).send(body);
    }
    request.log.error({ err: error }, 'unhandled error');
    const body: ErrorBody = { error: { code: 'INTERNAL', message: 'Internal error; see the server log' } };
    return reply.status(500).send(body);
  });
}
