import type { ClientInterceptors } from '@temporalio/client';
import type * as TemporalOtel from '@temporalio/interceptors-opentelemetry';
import type { ActivityInterceptorsFactory, InjectedSinks } from '@temporalio/worker';
import type { Logger } from 'pino';
import type { Tracing } from '../config/tracing';
import { activityLogInterceptors } from './tracing-log';

/** The workflow interceptors of @temporalio/interceptors-opentelemetry, for a workflow bundle that traces. */
export const TRACING_WORKFLOW_MODULES = [
  require.resolve('@temporalio/interceptors-opentelemetry/lib/workflow-interceptors'),
];

/** What tracing and the activity log lines add to a worker (createWorker's `tracing`). */
export interface WorkerTracingOptions {
  /** Activity interceptors, outermost first: the activity's span (when tracing), then its log lines inside it. */
  activity: ActivityInterceptorsFactory[];
  /**
   * Workflow interceptor modules for a worker that bundles `workflows/` itself: workflow spans, and the span context
   * passed on to each activity in its headers. A pre-built bundle must have been built with them
   * (`bundleWorkflowCode({ workflowInterceptorModules: TRACING_WORKFLOW_MODULES })`) to trace workflows.
   */
  workflowModules: string[];
  /** The sink the sandbox's workflow spans leave through: into the process's span processor, or nowhere when off. */
  sinks?: InjectedSinks<TemporalOtel.OpenTelemetrySinks>;
}

/** The workflow interceptors' `exporter` sink when tracing is off: their spans are dropped where they leave. */
const DROP_WORKFLOW_SPANS: InjectedSinks<TemporalOtel.OpenTelemetrySinks> = {
  exporter: { export: { fn: () => undefined } },
};

/** Loaded only with tracing on: the package pulls the tracing SDK in. */
function temporalOtel(): typeof TemporalOtel {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('@temporalio/interceptors-opentelemetry') as typeof TemporalOtel;
}

/**
 * The worker's activity log lines (always) and, when `tracing` is on, its spans: each workflow run, each activity
 * scheduled and executed (continuing the trace the API's request started, carried in Temporal headers) and, through
 * the PostgreSQL instrumentation, each activity's SQL. Off, nothing of the tracing SDK is loaded or registered.
 */
export function workerTracingOptions(tracing: Tracing | undefined, logger: Logger): WorkerTracingOptions {
  const log = activityLogInterceptors(logger);
  // Off: no workflow interceptors for a worker that bundles `workflows/` itself, but a sink that drops the spans of
  // a prebuilt bundle built with them (npm run build's), so one bundle runs with tracing on and off alike.
  if (!tracing) return { activity: [log], workflowModules: [], sinks: DROP_WORKFLOW_SPANS };
  const otel = temporalOtel();
  const spans: ActivityInterceptorsFactory = (ctx) => ({
    inbound: new otel.OpenTelemetryActivityInboundInterceptor(ctx),
    // The SDK's own activity log lines (Context.log) get the trace ids too.
    outbound: new otel.OpenTelemetryActivityOutboundInterceptor(ctx),
  });
  return {
    activity: [spans, log],
    workflowModules: TRACING_WORKFLOW_MODULES,
    sinks: { exporter: otel.makeWorkflowExporter(tracing.spanProcessor, tracing.resource) },
  };
}

/** For the worker's own Temporal client (schedules, reconciliation): its calls continue the active trace. */
export function tracingClientInterceptors(tracing: Tracing | undefined): ClientInterceptors | undefined {
  if (!tracing) return undefined;
  return { workflow: [new (temporalOtel().OpenTelemetryWorkflowClientInterceptor)()] };
}
