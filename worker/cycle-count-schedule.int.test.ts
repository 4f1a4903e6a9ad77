import type { MikroORM } from '@mikro-orm/postgresql';
import type { Client } from '@temporalio/client';
import { createTemporalClient } from '../api/temporal';
import { openOrm } from '../db/orm';
import { num, query } from '../db/sql';
import { eventually, intEnv, startWorkerProcess, stopWorkerProcess } from '../test/support/int-env';
import { itemWithStock } from '../test/support/stock';
import { ensureCycleCountSchedule } from './cycle-count-schedule';
import type { ChildProcess } from 'node:child_process';

jest.setTimeout(120_000);

let orm: MikroORM;
let temporal: Client;
let worker: ChildProcess | undefined;
const scheduleId = `cycle-count-test-${process.pid}`;
const warehouse = `CY${process.pid % 100_000}`;
const bin = `${warehouse}-A01`;

beforeAll(async () => {
  const env = intEnv();
  orm = await openOrm(env.databaseUrl);
  temporal = await createTemporalClient(env.temporalAddress, env.namespace);
  worker = await startWorkerProcess();
  // A warehouse of the test's own, so the run counts nothing other tests allocate from.
  const em = orm.em.fork();
  const [row] = await query<{ id: number }>(
    em,
    `insert into warehouse (code, name, priority, virtual) values (?, 'Cycle-count test', 95, false) returning id`,
    [warehouse],
  );
  const [zone] = await query<{ id: number }>(
    em,
    `insert into zone (warehouse_id, code, name) values (?, 'A', 'A') returning id`,
    [row?.id],
  );
  await query(
    em,
    `insert into location (code, warehouse_id, zone_id, type, pick_sequence) values (?, ?, ?, 'storage', 1)`,
    [bin, row?.id, zone?.id],
  );
});

afterAll(async () => {
  await stopWorkerProcess(worker);
  await temporal?.schedule
    .getHandle(scheduleId)
    .delete()
    .catch(() => undefined);
  await temporal?.connection.close();
  await orm?.close();
});

/** The counts of the test's bin, oldest first. */
async function countsOfBin() {
  return query<{ count_number: string; reason: string; decision_id: number | null }>(
    orm.em.fork(),
    `select sc.count_number, sc.reason, sc.decision_id from stock_count sc join location l on l.id = sc.location_id
      where l.code = ? order by sc.id`,
    [bin],
  );
}

async function triggerAndWait(before: number): Promise<string> {
  const schedule = temporal.schedule.getHandle(scheduleId);
  await schedule.trigger();
  const workflowId = await eventually(
    async () => {
      const actions = (await schedule.describe()).info.recentActions;
      return actions.length > before ? actions.at(-1)?.action.workflow.workflowId : undefined;
    },
    30_000,
    'the triggered run',
  );
  await temporal.workflow.getHandle(workflowId).result();
  return workflowId;
}

describe('cycle counts on their Temporal Schedule, as often as the cycle-count rules say', () => {
  test('a run opens a count of each bin and item due (an A item: monthly, decision stored); the next run none', async () => {
    const sku = await itemWithStock(orm, `CYCLE-${process.pid}`, [
      { location: bin, lot: `CY-${process.pid}`, quantity: 6 },
    ]);
    await query(orm.em.fork(), `update item set abc_class = 'A' where sku = ?`, [sku]);
    const { taskQueue } = intEnv();
    await ensureCycleCountSchedule(temporal, {
      taskQueue,
      cron: '0 4 * * *',
      scheduleId,
      input: { warehouseCodes: [warehouse] },
    });
    expect((await temporal.schedule.getHandle(scheduleId).describe()).info.nextActionTimes[0]?.getUTCHours()).toBe(4);

    await triggerAndWait(0);
    const counts = await countsOfBin();
    expect(counts).toEqual([expect.objectContaining({ reason: 'cycle' })]);
    const [decision] = await query<{
      facts: Record<string, unknown>;
      result: { rule: string; policy: { frequency: string } };
    }>(orm.em.fork(), `select facts, result from rule_decision where id = ?`, [num(counts[0]?.decision_id)]);
    expect(decision?.facts['item.abcClass']).toBe('A');
    expect(decision?.result).toMatchObject({ rule: 'a-items-monthly', policy: { frequency: 'monthly' } });
    // The count's process is queued in the outbox with it (the API's relay starts it).
    const [queued] = await query<{ workflow_type: string }>(
      orm.em.fork(),
      `select workflow_type from process_start_outbox where workflow_id = ?`,
      [`stock-count:${counts[0]?.count_number}`],
    );
    expect(queued?.workflow_type).toBe('stockCount');

    // Counted this month already (still open, even): the next run opens nothing for that bin.
    await triggerAndWait(1);
    expect(await countsOfBin()).toHaveLength(1);
  });
});
