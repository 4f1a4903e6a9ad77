import type { ChildProcess } from 'node:child_process';
import { Client as PgClient } from 'pg';
import { AUDIT_SEAL_WORKFLOW } from '../workflows/audit-seal/audit-seal.contract';
import { findFreePort } from '../scripts/ports';
import { spawnTs } from '../scripts/processes';
import { stopChild } from '../scripts/temporal-server';
import { createTestApp, eventually, intEnv, type TestApp } from '../test/support/int-env';

// The real worker process (worker/main.ts, as production runs it) with its metrics endpoint on: what it serves after
// an activity ran, and how it stops on SIGTERM while an activity is still running.
jest.setTimeout(300_000);

const suffix = `${process.pid}-${Date.now().toString(36)}`;
let t: TestApp;
let worker: ChildProcess | undefined;
let metricsUrl = '';
const logs: string[] = [];
let exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

beforeAll(async () => {
  t = await createTestApp();
  const env = intEnv();
  const port = await findFreePort();
  worker = await spawnTs(
    'worker/main.ts',
    {
      DATABASE_URL: env.databaseUrl,
      TEMPORAL_ADDRESS: env.temporalAddress,
      TEMPORAL_NAMESPACE: env.namespace,
      TEMPORAL_TASK_QUEUE: env.taskQueue,
      MILLWRIGHT_WORKFLOW_BUNDLE: env.bundlePath,
      MILLWRIGHT_FAULT_CRASH_AFTER: '',
      // No schedules beyond the audit seal every worker keeps: their runs would act on other files' documents.
      MILLWRIGHT_RECONCILIATION_CRON: 'off',
      MILLWRIGHT_CYCLE_COUNT_CRON: 'off',
      MILLWRIGHT_ALERTS_CRON: 'off',
      MILLWRIGHT_WORKER_METRICS_PORT: String(port),
    },
    'worker ready',
    (line) => void logs.push(line),
  );
  exited = new Promise((resolve) => worker!.once('exit', (code, signal) => resolve({ code, signal })));
  metricsUrl = `http://127.0.0.1:${port}/metrics`;
});

afterAll(async () => {
  if (worker) await stopChild(worker, 30_000);
  await t?.close();
});

/** The value of a series whose labels include `labels` (summed), from the text format. */
function value(text: string, name: string, labels: Record<string, string> = {}): number {
  let sum = 0;
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)/.exec(line);
    if (!match || match[1] !== name) continue;
    const body = match[2] ?? '';
    if (Object.entries(labels).every(([k, v]) => body.includes(`${k}="${v}"`))) sum += Number(match[3]);
  }
  return sum;
}

function startSeal(workflowId: string) {
  return t.temporal.workflow.start(AUDIT_SEAL_WORKFLOW, { taskQueue: intEnv().taskQueue, workflowId, args: [] });
}

/** Sessions waiting for the sealers' advisory lock (the seal activity, blocked by the test's own hold on it). */
const WAITING_SEALERS = `select pid from pg_stat_activity
  where wait_event_type = 'Lock' and wait_event = 'advisory' and datname = current_database()
    and query like '%millwright:audit-seal%'`;

async function holdSealLock(): Promise<PgClient> {
  const holder = new PgClient({ connectionString: intEnv().databaseUrl });
  await holder.connect();
  await holder.query(`select pg_advisory_lock(hashtext('millwright:audit-seal'))`);
  return holder;
}

async function waitingSealer(holder: PgClient): Promise<number> {
  return eventually(
    async () => (await holder.query<{ pid: number }>(WAITING_SEALERS)).rows[0]?.pid,
    60_000,
    'the seal activity to wait for the lock',
  );
}

test("/metrics on the worker: its activity latencies and failures, and the Temporal SDK's own metrics", async () => {
  expect(logs.join('\n')).toContain(`worker metrics on ${metricsUrl}`);
  // One seal run whose first attempt fails: its database session is ended while it waits for the lock; the retry
  // then completes once the lock is free.
  const holder = await holdSealLock();
  let handle: Awaited<ReturnType<typeof startSeal>>;
  try {
    handle = await startSeal(`metrics-audit-seal-${suffix}`);
    const pid = await waitingSealer(holder);
    await holder.query('select pg_terminate_backend($1)', [pid]);
  } finally {
    await holder.end(); // its session-level lock goes with it
  }
  await handle.result();

  const text = await eventually(
    async () => {
      const response = await fetch(metricsUrl);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
      const body = await response.text();
      // The SDK exports on an interval: wait until it counted the run too.
      return value(body, 'temporal_workflow_completed', { workflow_type: AUDIT_SEAL_WORKFLOW }) >= 1 ? body : undefined;
    },
    30_000,
    "the worker's metrics to count the seal run",
  );
  const activity = { activity_type: 'sealAuditChain' };
  expect(
    value(text, 'millwright_activity_duration_seconds_count', { ...activity, outcome: 'completed' }),
  ).toBeGreaterThanOrEqual(1);
  expect(
    value(text, 'millwright_activity_duration_seconds_count', { ...activity, outcome: 'failed' }),
  ).toBeGreaterThanOrEqual(1);
  expect(value(text, 'millwright_activity_duration_seconds_sum', activity)).toBeGreaterThan(0);
  expect(value(text, 'millwright_activity_failures_total', activity)).toBeGreaterThanOrEqual(1);
  // The SDK's: activity and workflow latencies and failures, task slots and pollers, by type.
  expect(value(text, 'temporal_activity_execution_latency_count', activity)).toBeGreaterThanOrEqual(2);
  expect(value(text, 'temporal_activity_execution_failed', activity)).toBeGreaterThanOrEqual(1);
  expect(
    value(text, 'temporal_workflow_endtoend_latency_count', { workflow_type: AUDIT_SEAL_WORKFLOW }),
  ).toBeGreaterThanOrEqual(1);
  expect(value(text, 'temporal_worker_task_slots_available', { worker_type: 'ActivityWorker' })).toBeGreaterThan(0);
  expect(text).toContain('process_cpu_user_seconds_total');
  expect((await fetch(metricsUrl.replace('/metrics', '/other'))).status).toBe(404);
});

test('SIGTERM while an activity runs: the worker takes nothing new, lets the activity finish, and exits 0', async () => {
  // Hold the sealers' advisory lock, so the seal activity the worker picks up waits inside its transaction.
  const holder = await holdSealLock();
  try {
    const workflowId = `drain-audit-seal-${suffix}`;
    const handle = await startSeal(workflowId);
    await waitingSealer(holder);

    worker!.kill('SIGTERM');
    await eventually(
      async () => (logs.some((line) => line.includes('SIGTERM: draining')) ? true : undefined),
      10_000,
      'the worker to say it drains',
    );
    // Draining: still alive a while later, the activity still waiting, nothing recorded as finished yet.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    expect(worker!.exitCode).toBeNull();
    const during = await handle.fetchHistory();
    expect(during.events?.some((event) => event.activityTaskCompletedEventAttributes)).toBe(false);

    await holder.query(`select pg_advisory_unlock(hashtext('millwright:audit-seal'))`);
    expect(await exited).toEqual({ code: 0, signal: null });
    expect(logs.join('\n')).toContain('worker stopped');

    // The activity finished and its result reached Temporal before the worker went away.
    const history = await handle.fetchHistory();
    const completed = history.events?.filter((event) => event.activityTaskCompletedEventAttributes) ?? [];
    expect(completed).toHaveLength(1);
    expect(history.events?.some((event) => event.activityTaskFailedEventAttributes)).toBe(false);
    await handle.terminate('test done: no worker is left to finish the workflow');
  } finally {
    await holder.end();
  }
});
