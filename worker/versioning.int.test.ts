import type { ChildProcess } from 'node:child_process';
import type { FastifyInstance } from 'fastify';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { Client } from '@temporalio/client';
import { temporal as protos } from '@temporalio/proto';
import { buildApp } from '../api/app';
import { createTemporalClient } from '../api/temporal';
import { openOrm } from '../db/orm';
import { spawnTs } from '../scripts/processes';
import { stopChild } from '../scripts/temporal-server';
import { eventually, intEnv, login } from '../test/support/int-env';
import { instanceCompleted, orderDriver, packAll, pickAll, shipAll } from '../test/support/order-driver';
import { itemWithStock } from '../test/support/stock';
import { ensureAuditSealSchedule } from './audit-seal-schedule';
import { describeDeployment, setCurrentVersion, workflowTaskBuildIds } from './versioning';

/**
 * Worker versioning on the real Temporal dev server, with the real worker process (worker/main.ts): an order started
 * while build A is current stays pinned to A after build B is made current; every one of its workflow tasks, before
 * and after the switch, is completed by A's worker although B's polls the same task queue; a new order goes to B.
 * The file has a task queue and a deployment of its own: routing the suite's shared queue would strand other files'
 * unversioned workers.
 */
jest.setTimeout(600_000);

const suffix = `${process.pid}-${Date.now()}`;
const taskQueue = `versioning-${suffix}`;
const deploymentName = `mw-test-${suffix}`;
const BUILD_A = `0.1.0-a${suffix}`;
const BUILD_B = `0.1.0-b${suffix}`;

let orm: MikroORM;
let temporal: Client;
let app: FastifyInstance;
let clerk: { authorization: string };
const workers: Array<{ child: ChildProcess; lines: string[] }> = [];

async function startBuild(buildId: string) {
  const env = intEnv();
  const lines: string[] = [];
  const child = await spawnTs(
    'worker/main.ts',
    {
      DATABASE_URL: env.databaseUrl,
      TEMPORAL_ADDRESS: env.temporalAddress,
      TEMPORAL_NAMESPACE: env.namespace,
      TEMPORAL_TASK_QUEUE: taskQueue,
      MILLWRIGHT_WORKFLOW_BUNDLE: env.bundlePath,
      MILLWRIGHT_DEPLOYMENT_NAME: deploymentName,
      MILLWRIGHT_BUILD_ID: buildId,
      MILLWRIGHT_RECONCILIATION_CRON: 'off',
      MILLWRIGHT_CYCLE_COUNT_CRON: 'off',
      MILLWRIGHT_ALERTS_CRON: 'off',
    },
    'worker ready',
    (line) => void lines.push(line),
  );
  const worker = { child, lines };
  workers.push(worker);
  return worker;
}

/** Waits for a worker's log line (the promotion decision is logged once the server has seen it poll). */
const logged = (worker: { lines: string[] }, text: string) =>
  eventually(async () => (worker.lines.some((line) => line.includes(text)) ? true : undefined), 90_000, text);

beforeAll(async () => {
  const env = intEnv();
  orm = await openOrm(env.databaseUrl);
  temporal = await createTemporalClient(env.temporalAddress, env.namespace);
  app = await buildApp({
    orm,
    temporal,
    taskQueue,
    temporalUiUrl: 'http://127.0.0.1:8233',
    sessionTtlHours: 1,
    pickTaskSlaMinutes: 60,
    logLevel: 'silent',
  });
  await app.ready();
  clerk = await login(app, 'clerk');
});

afterAll(async () => {
  for (const worker of workers) await stopChild(worker.child, 15_000);
  // Each worker keeps the audit-seal schedule on its own task queue: give it back to the suite's.
  if (temporal) await ensureAuditSealSchedule(temporal, { taskQueue: intEnv().taskQueue }).catch(() => undefined);
  await app?.close();
  await temporal?.connection.close();
  await orm?.close();
});

let serial = 0;
async function placeOrder() {
  serial += 1;
  const sku = await itemWithStock(orm, `VER-${suffix}-${serial}`, [
    { location: 'MAIN-A01', lot: `V${serial}`, quantity: 2 },
  ]);
  return orderDriver(app, clerk).place('C-ECO', [{ itemSku: sku, quantity: 1 }]);
}

async function finish(workflowId: string) {
  const driver = orderDriver(app, clerk);
  const pick = await driver.task(workflowId, 'pick', clerk, 90_000);
  expect((await driver.complete(pick.id, { picks: pickAll(pick) })).statusCode).toBe(200);
  const pack = await driver.task(workflowId, 'pack', clerk, 90_000);
  expect((await driver.complete(pack.id, packAll(pack))).statusCode).toBe(200);
  const ship = await driver.task(workflowId, 'ship', clerk, 90_000);
  await driver.packCheck(ship, clerk);
  expect((await driver.complete(ship.id, shipAll(ship))).statusCode).toBe(200);
  await instanceCompleted(orm, workflowId, 120_000);
}

async function pinnedTo(workflowId: string) {
  const info = (await temporal.workflow.getHandle(workflowId).describe()).raw.workflowExecutionInfo?.versioningInfo;
  return { buildId: info?.deploymentVersion?.buildId, behavior: info?.behavior };
}

const PINNED = protos.api.enums.v1.VersioningBehavior.VERSIONING_BEHAVIOR_PINNED;

describe('worker versioning: a new build never runs instances started under the old one', () => {
  test('build A (first, made current) keeps its pinned order after build B is made current; a new order runs on B', async () => {
    const a = await startBuild(BUILD_A);
    await logged(a, `deployment version ${BUILD_A}: made current`);
    expect(await describeDeployment(temporal, deploymentName)).toMatchObject({ currentBuildId: BUILD_A });

    const first = await placeOrder();
    await orderDriver(app, clerk).task(first.workflowId, 'pick', clerk, 90_000);

    // Build B polls the same task queue; a deployment that has a current version is not taken over by a new build.
    const b = await startBuild(BUILD_B);
    await logged(b, `deployment version ${BUILD_B}: another is current`);
    expect((await describeDeployment(temporal, deploymentName))?.currentBuildId).toBe(BUILD_A);

    // The operator's switch (README "Upgrading"): B is current; A drains.
    await setCurrentVersion(temporal, { deploymentName, buildId: BUILD_B });
    const switched = await describeDeployment(temporal, deploymentName);
    expect(switched?.currentBuildId).toBe(BUILD_B);
    expect(switched?.versions.find((version) => version.buildId === BUILD_A)?.drainage).toBe('DRAINING');

    const second = await placeOrder();
    // Both orders run to the end: the old one's pick, pack and ship come after the switch.
    await finish(first.workflowId);
    await finish(second.workflowId);

    const oldTasks = await workflowTaskBuildIds(temporal, first.workflowId);
    const newTasks = await workflowTaskBuildIds(temporal, second.workflowId);
    expect(oldTasks.length).toBeGreaterThanOrEqual(4);
    expect(new Set(oldTasks)).toEqual(new Set([BUILD_A]));
    expect(newTasks.length).toBeGreaterThanOrEqual(4);
    expect(new Set(newTasks)).toEqual(new Set([BUILD_B]));
    expect(await pinnedTo(first.workflowId)).toEqual({ buildId: BUILD_A, behavior: PINNED });
    expect(await pinnedTo(second.workflowId)).toEqual({ buildId: BUILD_B, behavior: PINNED });
  });
});
