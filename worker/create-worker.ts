import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import type { MikroORM } from '@mikro-orm/postgresql';
import { createActivities } from '../activities';
import type { ReconciliationDeps } from '../activities/reconciliation/reconciliation-deps';
import { documentStarts } from './document-starts';
import type { WorkerMetrics } from './metrics';
import type { WorkerTracingOptions } from './tracing';
import { deploymentOptions, type VersioningSettings } from './versioning';

export interface WorkerSetup {
  orm: MikroORM;
  temporalAddress: string;
  namespace: string;
  taskQueue: string;
  /** A pre-built workflow bundle (tests build it once); otherwise the worker bundles `workflows/` itself. */
  workflowBundle?: WorkerOptions['workflowBundle'];
  crashAfterCommit?: string;
  /** Temporal client and wiring for the reconciliation activities (worker/reconciliation-wiring.ts). */
  reconciliation?: ReconciliationDeps;
  /** Activity durations and failures (worker/metrics.ts), measured by an activity interceptor when given. */
  metrics?: WorkerMetrics;
  /**
   * How long a stopping worker lets running activities finish before it asks them to cancel (default: the SDK's 0,
   * which asks at once). It waits for them either way; none of ours listens for cancellation today.
   */
  shutdownGraceTime?: WorkerOptions['shutdownGraceTime'];
  /** Worker versioning (worker/versioning.ts): poll as this deployment version, workflows pinned to it. */
  versioning?: VersioningSettings;
  /** Traces and activity log lines (worker/tracing.ts): interceptors outside the metrics one, the workflow span sink. */
  tracing?: WorkerTracingOptions;
}

/** The workflow barrel the worker bundles; only this file's imports end up in the sandbox. */
export const WORKFLOWS_PATH = require.resolve('../workflows');

/** Builds a worker wired to PostgreSQL (activities) and Temporal (workflows); the caller runs and stops it. */
export async function createWorker(setup: WorkerSetup): Promise<{ worker: Worker; connection: NativeConnection }> {
  const connection = await NativeConnection.connect({ address: setup.temporalAddress });
  const worker = await Worker.create({
    connection,
    namespace: setup.namespace,
    taskQueue: setup.taskQueue,
    ...(setup.workflowBundle ? { workflowBundle: setup.workflowBundle } : { workflowsPath: WORKFLOWS_PATH }),
    activities: createActivities({
      orm: setup.orm,
      crashAfterCommit: setup.crashAfterCommit,
      reconciliation: setup.reconciliation,
      documentStarts,
    }),
    interceptors: {
      activity: [...(setup.tracing?.activity ?? []), ...(setup.metrics ? [setup.metrics.activityInterceptors] : [])],
      // A pre-built bundle carries its workflow interceptors already (the SDK ignores these for it, with a warning).
      ...(setup.tracing && !setup.workflowBundle ? { workflowModules: setup.tracing.workflowModules } : {}),
    },
    ...(setup.tracing?.sinks ? { sinks: setup.tracing.sinks } : {}),
    ...(setup.shutdownGraceTime !== undefined ? { shutdownGraceTime: setup.shutdownGraceTime } : {}),
    ...(setup.versioning ? { workerDeploymentOptions: deploymentOptions(setup.versioning) } : {}),
  });
  return { worker, connection };
}
