import { startTracing } from '../config/tracing';

/**
 * The worker process's tracing (service millwright-worker), started as this module loads: worker/main.ts imports it
 * before anything else, so the PostgreSQL instrumentation is in place before `pg` is first required. Undefined (and
 * nothing registered) unless OTEL_EXPORTER_OTLP_ENDPOINT or OTEL_EXPORTER_OTLP_TRACES_ENDPOINT is set.
 */
export const workerTracing = startTracing('millwright-worker');
