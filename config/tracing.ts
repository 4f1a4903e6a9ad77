// The lint's `**/api` pattern (meant for our api/ folder) also matches this package's name.
// eslint-disable-next-line no-restricted-imports
import { context, trace, isSpanContextValid } from '@opentelemetry/api';
import type * as OtlpHttp from '@opentelemetry/exporter-trace-otlp-http';
import type * as Instrumentation from '@opentelemetry/instrumentation';
import type * as PgInstrumentationModule from '@opentelemetry/instrumentation-pg';
import type * as Resources from '@opentelemetry/resources';
import type * as TraceBase from '@opentelemetry/sdk-trace-base';
import type * as TraceNode from '@opentelemetry/sdk-trace-node';
import { z } from 'zod';

/**
 * Traces (issue 19), shared by the API and the worker: on when an OTLP endpoint is configured, off otherwise. Off, the
 * OpenTelemetry SDK is not even loaded, no provider or instrumentation is registered, and @opentelemetry/api stays
 * its no-op self (`traceLogFields` returns nothing).
 */
const envSchema = z.object({
  /** The collector's OTLP/HTTP base URL (the exporter appends /v1/traces), e.g. Jaeger's http://jaeger:4318. */
  OTEL_EXPORTER_OTLP_ENDPOINT: z.string().trim().url().optional().or(z.literal('')),
  /** The full traces URL, used as is; wins over the base URL. */
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: z.string().trim().url().optional().or(z.literal('')),
  /** The SDK's own kill switch: `true` keeps tracing off even with an endpoint. */
  OTEL_SDK_DISABLED: z.string().trim().optional(),
});

/** Whether traces are exported: an endpoint is set and the SDK is not disabled. Throws on a malformed URL. */
export function tracingEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`Invalid configuration: ${problems.join('; ')}`);
  }
  const { OTEL_EXPORTER_OTLP_ENDPOINT: base, OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: traces } = parsed.data;
  if (parsed.data.OTEL_SDK_DISABLED?.toLowerCase() === 'true') return false;
  return Boolean(base || traces);
}

/** A started tracer provider: what the Temporal workflow span sink needs, and how to flush on shutdown. */
export interface Tracing {
  readonly serviceName: string;
  readonly resource: Resources.Resource;
  /** The batch processor spans end in (the workflow sink hands the sandbox's spans to it too). */
  readonly spanProcessor: TraceBase.SpanProcessor;
  /** Exports what is still buffered and stops. */
  shutdown(): Promise<void>;
}

/**
 * When tracing is enabled (see {@link tracingEnabled}), registers a global tracer provider named `serviceName`
 * (AsyncLocalStorage context, W3C trace-context propagation) exporting in batches over OTLP/HTTP (the exporter reads
 * the OTEL_EXPORTER_OTLP_* variables itself), and the PostgreSQL instrumentation. Call it before anything loads `pg`:
 * the instrumentation patches the module as it is first required. Returns undefined, having loaded nothing, when off.
 */
export function startTracing(serviceName: string, env: NodeJS.ProcessEnv = process.env): Tracing | undefined {
  if (!tracingEnabled(env)) return undefined;
  // Loaded only here, synchronously (the pg patch must be in place before the caller's next import runs): off, the
  // SDK costs not even its load time.
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { NodeTracerProvider } = require('@opentelemetry/sdk-trace-node') as typeof TraceNode;
  const { BatchSpanProcessor } = require('@opentelemetry/sdk-trace-base') as typeof TraceBase;
  const { OTLPTraceExporter } = require('@opentelemetry/exporter-trace-otlp-http') as typeof OtlpHttp;
  const { Resource } = require('@opentelemetry/resources') as typeof Resources;
  const { registerInstrumentations } = require('@opentelemetry/instrumentation') as typeof Instrumentation;
  const { PgInstrumentation } = require('@opentelemetry/instrumentation-pg') as typeof PgInstrumentationModule;
  /* eslint-enable @typescript-eslint/no-require-imports */
  const resource = Resource.default().merge(new Resource({ 'service.name': serviceName }));
  const spanProcessor = new BatchSpanProcessor(new OTLPTraceExporter());
  const provider = new NodeTracerProvider({ resource, spanProcessors: [spanProcessor] });
  provider.register();
  // Only queries inside a traced operation (a request, an activity): the outbox relay's and the pool's own polling
  // would otherwise each start a trace of their own. No parameter values: they carry customers' data.
  registerInstrumentations({
    tracerProvider: provider,
    instrumentations: [new PgInstrumentation({ requireParentSpan: true, enhancedDatabaseReporting: false })],
  });
  return { serviceName, resource, spanProcessor, shutdown: () => provider.shutdown() };
}

/** The active span's ids for a log line (pino `mixin`): `{}` outside a span or with tracing off. */
export function traceLogFields(): { trace_id?: string; span_id?: string; trace_flags?: string } {
  const spanContext = trace.getSpan(context.active())?.spanContext();
  if (!spanContext || !isSpanContextValid(spanContext)) return {};
  return {
    trace_id: spanContext.traceId,
    span_id: spanContext.spanId,
    trace_flags: `0${spanContext.traceFlags.toString(16)}`,
  };
}
