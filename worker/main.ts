// First: with tracing on, the PostgreSQL instrumentation must be in place before the imports below load `pg`.
import { workerTracing } from './tracing-start';
import { loadConfig } from '../config/env';
import { openOrm } from '../db/orm';
import { Client, Connection } from '@temporalio/client';
import { createWorker } from './create-worker';
import { reconciliationDeps } from './reconciliation-wiring';
import { ensureReconciliationSchedule } from './reconciliation-schedule';
import { ensureCycleCountSchedule } from './cycle-count-schedule';
import { ensureAuditSealSchedule } from './audit-seal-schedule';
import { startWorkerObservability } from './observability';
import { ensureAlertsSweepSchedule } from './alerts-sweep-schedule';
import { tracingClientInterceptors, workerTracingOptions } from './tracing';
import { createWorkerLogger } from './tracing-log';
import { promotePolicy, promoteWhenPolling, versioningFromEnv } from './versioning';

/**
 * The worker process. It needs DATABASE_URL and TEMPORAL_ADDRESS (npm start passes both); it stops cleanly on
 * SIGINT/SIGTERM, letting running activities finish. Besides polling, it keeps the daily reconciliation's Temporal
 * Schedule (MILLWRIGHT_RECONCILIATION_CRON) and gives the reconciliation activities a Temporal client.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  if (!config.databaseUrl || !config.temporalAddress) {
    throw new Error('The worker needs DATABASE_URL and TEMPORAL_ADDRESS; `npm start` sets both.');
  }
  // First: the Temporal Runtime (with its metrics exporter) must be installed before any native connection exists.
  const observability = await startWorkerObservability();
  if (observability) console.log(`worker metrics on ${observability.server.url}`);
  const orm = await openOrm(config.databaseUrl);
  const temporal = new Client({
    connection: await Connection.connect({ address: config.temporalAddress }),
    namespace: config.namespace,
    interceptors: tracingClientInterceptors(workerTracing),
  });
  const settings = {
    taskQueue: config.taskQueue,
    pickSlaMinutes: config.pickTaskSlaMinutes,
    creditApprovalMinutes: config.creditApprovalMinutes,
    backorderTimeoutMinutes: config.backorderTimeoutMinutes,
  };
  // Worker versioning (MILLWRIGHT_DEPLOYMENT_NAME / MILLWRIGHT_BUILD_ID): read first, so a bad value stops the start.
  const versioning = versioningFromEnv(process.env, { bundlePath: config.workflowBundlePath });
  const promote = promotePolicy();
  const { worker, connection } = await createWorker({
    orm,
    temporalAddress: config.temporalAddress,
    namespace: config.namespace,
    taskQueue: config.taskQueue,
    workflowBundle: config.workflowBundlePath ? { codePath: config.workflowBundlePath } : undefined,
    crashAfterCommit: config.faultCrashAfter,
    reconciliation: reconciliationDeps(temporal, settings),
    metrics: observability?.metrics,
    shutdownGraceTime: SHUTDOWN_GRACE_TIME,
    versioning,
    tracing: workerTracingOptions(workerTracing, createWorkerLogger(config.logLevel)),
  });
  if (config.reconciliationCron) {
    // The schedule is housekeeping: a worker that cannot keep it (a bad cron, a server without schedules) still works.
    await ensureReconciliationSchedule(temporal, { taskQueue: config.taskQueue, cron: config.reconciliationCron }).then(
      (done) => console.log(`reconciliation schedule ${done} (${config.reconciliationCron} UTC)`),
      (error: unknown) => console.error(`reconciliation schedule not kept: ${String(error)}`),
    );
  }
  if (config.cycleCountCron) {
    await ensureCycleCountSchedule(temporal, { taskQueue: config.taskQueue, cron: config.cycleCountCron }).then(
      (done) => console.log(`cycle-count schedule ${done} (${config.cycleCountCron} UTC)`),
      (error: unknown) => console.error(`cycle-count schedule not kept: ${String(error)}`),
    );
  }
  if (config.alertsCron) {
    const input = { reraiseAfterMinutes: config.alertReraiseMinutes, ...config.waveRisk };
    await ensureAlertsSweepSchedule(temporal, { taskQueue: config.taskQueue, cron: config.alertsCron, input }).then(
      (done) => console.log(`alerts-sweep schedule ${done} (${config.alertsCron} UTC)`),
      (error: unknown) => console.error(`alerts-sweep schedule not kept: ${String(error)}`),
    );
  }
  await ensureAuditSealSchedule(temporal, { taskQueue: config.taskQueue }).then(
    (done) => console.log(`audit-seal schedule ${done}`),
    (error: unknown) => console.error(`audit-seal schedule not kept: ${String(error)}`),
  );
  if (versioning) {
    console.log(`worker deployment ${versioning.deploymentName}, build ${versioning.buildId} (${versioning.source})`);
    // Once it polls: current version of a new deployment (first release), later ones are the operator's switch.
    void promoteWhenPolling(temporal, versioning, promote).then(
      (done) => console.log(`deployment version ${versioning.buildId}: ${done}`),
      (error: unknown) => console.error(`deployment version ${versioning.buildId} not promoted: ${String(error)}`),
    );
  }
  console.log(`worker ready on task queue ${config.taskQueue}`);
  // The SDK's runtime stops the worker on SIGTERM/SIGINT (it stops polling, then waits for running activities).
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => console.log(`${signal}: draining (running activities finish, nothing new is taken)`));
  }
  try {
    await worker.run();
  } finally {
    await connection.close();
    await temporal.connection.close();
    await orm.close();
    await observability?.server.close();
    await workerTracing?.shutdown(); // exports the spans still buffered
  }
  console.log('worker stopped');
}

/** How long a stopping worker lets running activities finish before it asks them to cancel (within k8s' 30 s). */
const SHUTDOWN_GRACE_TIME = '25 seconds';

main().then(
  // Drained and closed: exit 0 now rather than wait on a handle a library left open.
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
