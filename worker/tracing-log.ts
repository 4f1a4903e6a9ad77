import type { ActivityInterceptorsFactory } from '@temporalio/worker';
import { pino, type DestinationStream, type Logger } from 'pino';
import { traceLogFields } from '../config/tracing';

/**
 * The worker's pino logger (JSON lines, as the API's): every line carries the active span's trace_id and span_id
 * when tracing is on, so a line written inside an activity joins the request's trace in the collector.
 */
export function createWorkerLogger(level: string, stream?: DestinationStream): Logger {
  const options = { level, base: { service: 'millwright-worker' }, mixin: traceLogFields };
  return stream ? pino(options, stream) : pino(options);
}

/**
 * One log line per activity attempt, naming its workflow_id, run_id, activity type, id and attempt (and, through the
 * logger's mixin, the trace): `activity failed` at warn with the error, `activity completed` at debug. Runs inside the
 * activity's span when tracing is on (listed after the tracing interceptor).
 */
export function activityLogInterceptors(logger: Logger): ActivityInterceptorsFactory {
  return (ctx) => {
    const { info } = ctx;
    const log = logger.child({
      workflow_id: info.workflowExecution?.workflowId,
      run_id: info.workflowExecution?.runId,
      activity_type: info.activityType,
      activity_id: info.activityId,
      attempt: info.attempt,
    });
    return {
      inbound: {
        execute: async (input, next) => {
          const started = performance.now();
          const took = () => Math.round((performance.now() - started) * 10) / 10;
          try {
            const result = await next(input);
            log.debug({ duration_ms: took() }, 'activity completed');
            return result;
          } catch (error) {
            log.warn({ err: error, duration_ms: took() }, 'activity failed');
            throw error;
          }
        },
      },
    };
  };
}
