import { userInfo } from 'node:os';
import type { ChildProcess } from 'node:child_process';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { Client } from '@temporalio/client';
import { createTemporalClient } from '../../api/temporal';
import { openOrm } from '../../db/orm';
import { enqueueProcessStart } from '../../db/repositories/process-start-repository';
import { query } from '../../db/sql';
import { purchaseReceiptStart } from '../../workflows/purchase-receipt/purchase-receipt.start';
import type { Discrepancy } from '../../workflows/reconciliation/reconciliation.contract';
import {
  countRows,
  eventually,
  intEnv,
  startWorkerProcess,
  stockedItem,
  stopWorkerProcess,
} from '../../test/support/int-env';
import {
  listedRunning,
  orphanWorkflow,
  recordRunning,
  runDoctor,
  unstartedPurchaseOrder,
  unstartedSalesOrder,
} from '../../test/support/reconciliation';

jest.setTimeout(180_000);

let orm: MikroORM;
let temporal: Client;
let worker: ChildProcess | undefined;

beforeAll(async () => {
  const env = intEnv();
  orm = await openOrm(env.databaseUrl);
  temporal = await createTemporalClient(env.temporalAddress, env.namespace);
  worker = await startWorkerProcess();
});

afterAll(async () => {
  await stopWorkerProcess(worker);
  await temporal?.connection.close();
  await orm?.close();
});

/** The doctor against the test servers, starting processes on the test worker's queue. */
function doctorEnv() {
  const env = intEnv();
  return {
    DATABASE_URL: env.databaseUrl,
    TEMPORAL_ADDRESS: env.temporalAddress,
    TEMPORAL_NAMESPACE: env.namespace,
    TEMPORAL_TASK_QUEUE: env.taskQueue,
  };
}

const about = (discrepancies: Discrepancy[], key: string) =>
  discrepancies.filter((d) => d.businessKey === key || d.workflowId === key);

async function statusOf(workflowId: string): Promise<string> {
  return (await temporal.workflow.getHandle(workflowId).describe()).status.name;
}

async function recorded(workflowId: string) {
  const [row] = await query<{ status: string }>(
    orm.em.fork(),
    'select status from process_instance where workflow_id = ?',
    [workflowId],
  );
  return row?.status;
}

describe('npm run doctor: documents without a process, processes without a document', () => {
  test('lists them, --repair repairs the safe ones (audited), and a second run finds none of them', async () => {
    const { taskQueue } = intEnv();
    const salesOrder = await unstartedSalesOrder(orm, await stockedItem(orm, 1));
    const purchaseOrder = await unstartedPurchaseOrder(orm);
    // A start committed in the outbox an hour ago that nobody relayed (the API was down since).
    const queuedOrder = await unstartedPurchaseOrder(orm);
    const queued = purchaseReceiptStart(queuedOrder, 'buyer', taskQueue);
    await orm.em.fork().transactional((em) => enqueueProcessStart(em, queued));
    await query(
      orm.em.fork(),
      `update process_start_outbox set created_at = now() - interval '1 hour' where workflow_id = ?`,
      [queued.workflowId],
    );
    // Two processes whose document is gone: one the console lists as running, one only Temporal knows.
    const recordedOrphan = await orphanWorkflow(temporal, taskQueue, 'order');
    await recordRunning(orm, recordedOrphan.workflowId, 'order-fulfillment', recordedOrphan.businessKey);
    const unrecordedOrphan = await orphanWorkflow(temporal, taskQueue, 'purchase');
    await eventually(() => listedRunning(temporal, unrecordedOrphan.workflowId), 30_000, 'the orphan in visibility');
    await query(
      orm.em.fork(),
      `insert into api_idempotency_key (actor, key, route, request_hash, status_code, response, created_at, expires_at)
       values ('sales', ?, 'POST /api/orders', repeat('0', 64), 201, '{}', now() - interval '9 days',
               now() - interval '2 days')`,
      [`expired-${Date.now()}`],
    );

    const listed = await runDoctor(doctorEnv(), []);
    expect(listed.code).toBe(1);
    const found = listed.result.remaining;
    expect(about(found, salesOrder).map((d) => [d.kind, d.repair])).toEqual([
      ['document-without-process', 'queue-start'],
    ]);
    expect(about(found, purchaseOrder).map((d) => [d.kind, d.repair])).toEqual([
      ['document-without-process', 'queue-start'],
    ]);
    expect(about(found, queued.workflowId).map((d) => [d.kind, d.repair])).toEqual([['start-stuck', 'start-queued']]);
    for (const orphan of [recordedOrphan, unrecordedOrphan]) {
      expect(about(found, orphan.workflowId).map((d) => [d.kind, d.repair])).toEqual([
        ['process-without-document', 'close-orphan'],
      ]);
    }
    expect(found.find((d) => d.kind === 'expired-idempotency-keys')?.count).toBeGreaterThanOrEqual(1);
    // Listing changes nothing.
    expect(await statusOf(recordedOrphan.workflowId)).toBe('RUNNING');
    expect(
      await countRows(orm, 'select count(*) as n from process_start_outbox where business_key = ?', [salesOrder]),
    ).toBe(0);

    const repaired = await runDoctor(doctorEnv(), ['--repair']);
    const outcomes = repaired.result.repaired;
    for (const key of [
      salesOrder,
      purchaseOrder,
      queued.workflowId,
      recordedOrphan.workflowId,
      unrecordedOrphan.workflowId,
    ]) {
      expect(outcomes.filter((o) => o.discrepancy.businessKey === key || o.discrepancy.workflowId === key)).toEqual([
        expect.objectContaining({ result: 'repaired' }),
      ]);
    }
    // The orders got their processes, running on the worker; the orphans are terminated and recorded failed.
    for (const workflowId of [
      `order-fulfillment:${salesOrder}`,
      `purchase-receipt:${purchaseOrder}`,
      queued.workflowId,
    ]) {
      expect(await statusOf(workflowId)).toBe('RUNNING');
      await eventually(async () => ((await recorded(workflowId)) === 'running' ? true : undefined), 30_000, workflowId);
    }
    for (const orphan of [recordedOrphan, unrecordedOrphan])
      expect(await statusOf(orphan.workflowId)).toBe('TERMINATED');
    expect(await recorded(recordedOrphan.workflowId)).toBe('failed');
    expect(await countRows(orm, 'select count(*) as n from api_idempotency_key where expires_at < now()')).toBe(0);
    const actor = `doctor:${userInfo().username}`;
    const audit = await query<{ action: string; entity_id: string }>(
      orm.em.fork(),
      `select action, entity_id from audit_log where actor = ? and entity_id in (?) order by id`,
      [
        actor,
        [
          salesOrder,
          purchaseOrder,
          `order-fulfillment:${salesOrder}`,
          `purchase-receipt:${purchaseOrder}`,
          queued.workflowId,
          recordedOrphan.workflowId,
          unrecordedOrphan.workflowId,
        ],
      ],
    );
    expect(audit).toEqual(
      expect.arrayContaining([
        { action: 'process.start-queued', entity_id: salesOrder },
        { action: 'process.started', entity_id: `order-fulfillment:${salesOrder}` },
        { action: 'process.start-queued', entity_id: purchaseOrder },
        { action: 'process.started', entity_id: `purchase-receipt:${purchaseOrder}` },
        { action: 'process.started', entity_id: queued.workflowId },
        { action: 'process.orphan-closed', entity_id: recordedOrphan.workflowId },
        { action: 'process.orphan-closed', entity_id: unrecordedOrphan.workflowId },
      ]),
    );
    expect(audit).toHaveLength(7);
    expect(
      await countRows(
        orm,
        `select count(*) as n from audit_log where actor = ? and action = 'idempotency-keys.purged'`,
        [actor],
      ),
    ).toBeGreaterThanOrEqual(1);

    const again = await runDoctor(doctorEnv(), []);
    for (const key of [
      salesOrder,
      purchaseOrder,
      queued.workflowId,
      recordedOrphan.workflowId,
      unrecordedOrphan.workflowId,
    ]) {
      expect(about(again.result.remaining, key)).toEqual([]);
    }
    expect(again.result.remaining.filter((d) => d.kind === 'expired-idempotency-keys')).toEqual([]);
    expect(again.code).toBe(again.result.remaining.length > 0 ? 1 : 0);
  });

  test('what is not clearly safe is listed, never repaired', async () => {
    const sku = await stockedItem(orm, 1);
    // Worked on (allocated) without any process: restarting it would allocate twice.
    const workedOn = await unstartedSalesOrder(orm, sku);
    await query(orm.em.fork(), `update sales_order set status = 'allocated' where order_number = ?`, [workedOn]);
    // Recorded as running, but Temporal has no such workflow (its history lost): a person decides.
    const lost = await unstartedSalesOrder(orm, sku);
    await recordRunning(orm, `order-fulfillment:${lost}`, 'order-fulfillment', lost);
    try {
      const run = await runDoctor(doctorEnv(), ['--repair']);
      expect(run.code).toBe(1);
      expect(about(run.result.remaining, workedOn).map((d) => [d.kind, d.repair])).toEqual([
        ['document-without-process', null],
      ]);
      expect(about(run.result.remaining, lost).map((d) => [d.kind, d.repair])).toEqual([['process-missing', null]]);
      expect(run.result.repaired.filter((o) => [workedOn, lost].includes(o.discrepancy.businessKey ?? ''))).toEqual([]);
      for (const orderNumber of [workedOn, lost]) {
        await expect(temporal.workflow.getHandle(`order-fulfillment:${orderNumber}`).describe()).rejects.toThrow();
      }
      expect(
        await countRows(orm, 'select count(*) as n from process_start_outbox where business_key in (?)', [
          [workedOn, lost],
        ]),
      ).toBe(0);
      expect(await recorded(`order-fulfillment:${lost}`)).toBe('running');
    } finally {
      // Left behind, they would stay listed for every later run on this database.
      await query(orm.em.fork(), 'delete from process_instance where business_key = ?', [lost]);
      await query(orm.em.fork(), 'delete from sales_order where order_number in (?)', [[workedOn, lost]]);
    }
  });
});
