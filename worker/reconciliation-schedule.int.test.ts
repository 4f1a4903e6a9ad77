import type { ChildProcess } from 'node:child_process';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { Client } from '@temporalio/client';
import { createTemporalClient } from '../api/temporal';
import { openOrm } from '../db/orm';
import { query } from '../db/sql';
import { eventually, intEnv, stockedItem, startWorkerProcess, stopWorkerProcess } from '../test/support/int-env';
import { orphanWorkflow, recordRunning, unstartedSalesOrder } from '../test/support/reconciliation';
import { recordHistory } from '../test/support/record-history';
import { orderFulfillmentWorkflowId } from '../workflows/order-fulfillment/order-fulfillment.contract';
import {
  RECONCILIATION_SCHEDULE_ID,
  type ReconciliationResult,
} from '../workflows/reconciliation/reconciliation.contract';

jest.setTimeout(180_000);

let orm: MikroORM;
let temporal: Client;
let worker: ChildProcess | undefined;

/** The worker as production runs it, keeping the daily schedule (tests' workers otherwise leave it off). */
const startScheduleKeepingWorker = () => startWorkerProcess({ reconciliationCron: '0 3 * * *' });

beforeAll(async () => {
  const env = intEnv();
  orm = await openOrm(env.databaseUrl);
  temporal = await createTemporalClient(env.temporalAddress, env.namespace);
  worker = await startScheduleKeepingWorker();
});

afterAll(async () => {
  await stopWorkerProcess(worker);
  // Other tests share this namespace: no daily run of their half-made documents.
  await temporal?.schedule
    .getHandle(RECONCILIATION_SCHEDULE_ID)
    .delete()
    .catch(() => undefined);
  await temporal?.connection.close();
  await orm?.close();
});

describe('the daily reconciliation on its Temporal Schedule', () => {
  test('the worker keeps the schedule; a run repairs what is safe, audited as reconciliation', async () => {
    const { taskQueue } = intEnv();
    const schedule = temporal.schedule.getHandle(RECONCILIATION_SCHEDULE_ID);
    const described = await schedule.describe();
    expect(described.action).toEqual(
      expect.objectContaining({ type: 'startWorkflow', workflowType: 'reconciliation', taskQueue }),
    );
    expect(described.info.nextActionTimes[0]?.getUTCHours()).toBe(3);
    // A second worker start finds the schedule and leaves one in place.
    await stopWorkerProcess(worker);
    worker = await startScheduleKeepingWorker();

    const salesOrder = await unstartedSalesOrder(orm, await stockedItem(orm, 1));
    const orphan = await orphanWorkflow(temporal, taskQueue, 'order');
    await recordRunning(orm, orphan.workflowId, 'order-fulfillment', orphan.businessKey);

    const before = (await schedule.describe()).info.recentActions.length;
    await schedule.trigger();
    const workflowId = await eventually(
      async () => {
        const actions = (await schedule.describe()).info.recentActions;
        return actions.length > before ? actions.at(-1)?.action.workflow.workflowId : undefined;
      },
      30_000,
      'the triggered run',
    );
    const result = (await temporal.workflow.getHandle(workflowId).result()) as ReconciliationResult;

    const outcome = (key: string) =>
      result.repaired.filter((o) => o.discrepancy.businessKey === key).map((o) => [o.discrepancy.kind, o.result]);
    expect(outcome(salesOrder)).toEqual([['document-without-process', 'repaired']]);
    expect(outcome(orphan.businessKey)).toEqual([['process-without-document', 'repaired']]);
    expect(
      result.remaining.filter((d) => d.businessKey === salesOrder || d.businessKey === orphan.businessKey),
    ).toEqual([]);
    const orderWorkflow = orderFulfillmentWorkflowId(salesOrder);
    expect((await temporal.workflow.getHandle(orderWorkflow).describe()).status.name).toBe('RUNNING');
    expect((await temporal.workflow.getHandle(orphan.workflowId).describe()).status.name).toBe('TERMINATED');
    const audit = await query<{ action: string; entity_id: string }>(
      orm.em.fork(),
      `select action, entity_id from audit_log where actor = 'reconciliation' and entity_id in (?) order by id`,
      [[salesOrder, orderWorkflow, orphan.workflowId]],
    );
    expect(audit).toEqual([
      { action: 'process.start-queued', entity_id: salesOrder },
      { action: 'process.started', entity_id: orderWorkflow },
      { action: 'process.orphan-closed', entity_id: orphan.workflowId },
    ]);
    await recordHistory(temporal, 'reconciliation', 'scheduled-run-repairs', workflowId);
  });
});
