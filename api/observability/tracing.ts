import { context, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Span } from '@opentelemetry/api';
import {
  ATTR_HTTP_REQUEST_METHOD,
  ATTR_HTTP_RESPONSE_STATUS_CODE,
  ATTR_HTTP_ROUTE,
  ATTR_URL_PATH,
} from '@opentelemetry/semantic-conventions';
import type { ClientInterceptors } from '@temporalio/client';
import type * as TemporalOtel from '@temporalio/interceptors-opentelemetry';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

export { traceLogFields } from '../../config/tracing';

/** Ends a request's span with its status code (a 5xx is an error). */
function endSpan(span: Span, reply: FastifyReply): void {
  span.setAttribute(ATTR_HTTP_RESPONSE_STATUS_CODE, reply.statusCode);
  if (reply.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
  span.end();
}

/**
 * A server span per request (`POST /api/orders`, named by route, continuing the caller's `traceparent` if it sent one),
 * active for the rest of the request: the auth hook's and the handler's SQL, the Temporal client's start, signal and
 * update spans (whose headers carry it into the workflow) and the request's log lines all fall under it. Install
 * before any other hook, so those run inside it; only with tracing on (the process registered a provider).
 */
export function installTracing(app: FastifyInstance): void {
  const tracer = trace.getTracer('millwright-api');
  const spans = new WeakMap<FastifyRequest, Span>();
  app.addHook('onRequest', (request, reply, done) => {
    const route = request.routeOptions.url;
    const parent = propagation.extract(ROOT_CONTEXT, request.headers);
    const span = tracer.startSpan(
      route ? `${request.method} ${route}` : request.method,
      {
        kind: SpanKind.SERVER,
        attributes: {
          [ATTR_HTTP_REQUEST_METHOD]: request.method,
          [ATTR_URL_PATH]: request.url.split('?')[0],
          ...(route ? { [ATTR_HTTP_ROUTE]: route } : {}),
        },
      },
      parent,
    );
    spans.set(request, span);
    const active = trace.setSpan(parent, span);
    // The body arrives in events of the raw request; bound, their listeners (body parsing, then the handler) keep
    // the span active, as the response's do for the "request completed" line.
    context.bind(active, request.raw);
    context.bind(active, reply.raw);
    context.with(active, done);
  });
  app.addHook('onError', (request, _reply, error, done) => {
    spans.get(request)?.recordException(error);
    done();
  });
  app.addHook('onResponse', (request, reply, done) => {
    const span = spans.get(request);
    if (span) endSpan(span, reply);
    done();
  });
  app.addHook('onRequestAbort', (request, done) => {
    const span = spans.get(request);
    if (span) {
      span.setStatus({ code: SpanStatusCode.ERROR, message: 'request aborted' });
      span.end();
    }
    done();
  });
}

/** The Temporal client's interceptors that carry the active span into workflow starts, signals, updates and queries. */
export function tracingClientInterceptors(): ClientInterceptors {
  // Loaded only with tracing on (the package pulls the tracing SDK in).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const otel = require('@temporalio/interceptors-opentelemetry') as typeof TemporalOtel;
  return { workflow: [new otel.OpenTelemetryWorkflowClientInterceptor()] };
}
