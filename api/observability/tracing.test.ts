import { context, propagation, trace } from '@opentelemetry/api';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import Fastify, { type FastifyInstance } from 'fastify';
import { installTracing, traceLogFields } from './tracing';

// The API's request spans and the trace ids on its log lines, on a bare Fastify app with the same hook and mixin.
const exporter = new InMemorySpanExporter();
const provider = new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });

beforeAll(() => provider.register());
afterAll(async () => {
  await provider.shutdown();
  trace.disable();
  context.disable();
  propagation.disable();
});
beforeEach(() => exporter.reset());

async function appWithTracing(lines: Array<Record<string, unknown>>): Promise<FastifyInstance> {
  const stream = { write: (line: string) => void lines.push(JSON.parse(line)) };
  const app = Fastify({ logger: { level: 'info', stream, mixin: traceLogFields } });
  installTracing(app);
  // An async hook after it, as the auth hook is: the handler must still run inside the span.
  app.addHook('preHandler', async () => {
    await new Promise((resolve) => setTimeout(resolve, 5));
  });
  app.post<{ Params: { id: string }; Body: { qty: number } }>('/api/orders/:id/lines', async (request) => {
    await new Promise((resolve) => setImmediate(resolve));
    request.log.info({ qty: request.body.qty }, 'handler');
    return { ok: true };
  });
  app.get('/boom', async () => {
    throw new Error('boom');
  });
  await app.ready();
  return app;
}

test('a server span per request, named by route; the handler and "request completed" lines carry its ids', async () => {
  const lines: Array<Record<string, unknown>> = [];
  const app = await appWithTracing(lines);
  const response = await app.inject({ method: 'POST', url: '/api/orders/7/lines?x=1', payload: { qty: 3 } });
  expect(response.statusCode).toBe(200);
  const [span] = exporter.getFinishedSpans();
  expect(span?.name).toBe('POST /api/orders/:id/lines');
  expect(span?.attributes).toMatchObject({
    'http.request.method': 'POST',
    'http.route': '/api/orders/:id/lines',
    'url.path': '/api/orders/7/lines',
    'http.response.status_code': 200,
  });
  const ids = { trace_id: span!.spanContext().traceId, span_id: span!.spanContext().spanId };
  expect(lines.find((line) => line.msg === 'handler')).toMatchObject({ qty: 3, ...ids });
  expect(lines.find((line) => line.msg === 'request completed')).toMatchObject(ids);
  await app.close();
});

test("a caller's traceparent is continued; a 5xx marks the span as an error", async () => {
  const app = await appWithTracing([]);
  const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
  const response = await app.inject({
    method: 'GET',
    url: '/boom',
    headers: { traceparent: `00-${traceId}-00f067aa0ba902b7-01` },
  });
  expect(response.statusCode).toBe(500);
  const [span] = exporter.getFinishedSpans();
  expect(span?.spanContext().traceId).toBe(traceId);
  expect(span?.parentSpanId).toBe('00f067aa0ba902b7');
  expect(span?.status.code).toBe(2); // ERROR
  expect(span?.events.map((event) => event.name)).toContain('exception');
  await app.close();
});

test('outside a request (and with tracing off) a log line carries no trace id', () => {
  expect(traceLogFields()).toEqual({});
});
