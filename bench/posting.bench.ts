import type { MikroORM } from '@mikro-orm/postgresql';
import { createActivities } from '../activities';
import { num, query } from '../db/sql';
import { compareThroughput, note, report } from './harness';

/**
 * Order posting throughput: one order = reserve (row-locked) + ship (moves, balances, reservations, audit),
 * each through the idempotent activities, against bare single-row INSERT transactions on the same database,
 * alternated so both see the same machine load.
 */
export async function postingBench(orm: MikroORM, seconds: number): Promise<void> {
  await query(orm.em.fork(), 'create table if not exists bench_baseline (id serial primary key, payload text)');
  const insertOne = async () => {
    await orm.em.fork().transactional((em) => query(em, "insert into bench_baseline (payload) values ('x')"));
  };
  const activities = createActivities({ orm });
  const [customer] = await query<{ id: number }>(orm.em.fork(), 'select id from customer limit 1');
  const items = await query<{ id: number }>(
    orm.em.fork(),
    "select distinct item_id as id from stock_balance where status = 'available'",
  );
  const runId = Date.now();
  const placeOrder = async (i: number) => {
    const workflowId = `bench:${runId}:${i}`;
    const orderNumber = `B${runId % 100000}-${i}`;
    const itemId = items[i % items.length]?.id;
    await orm.em.fork().transactional(async (em) => {
      const [order] = await query<{ id: number }>(
        em,
        `insert into sales_order (order_number, customer_id, status, workflow_id, created_by, created_at, updated_at)
         values (?, ?, 'open', ?, 'bench', now(), now()) returning id`,
        [orderNumber, customer?.id, workflowId],
      );
      await query(em, 'insert into sales_order_line (order_id, line_no, item_id, quantity) values (?, 1, ?, 0.001)', [
        order?.id,
        itemId,
      ]);
    });
    const reserved = await activities.reserveOrderStock({ workflowId, orderNumber });
    const picks = reserved.lines.flatMap((line) =>
      line.picks.map((p) => ({
        lineNo: line.lineNo,
        locationCode: p.locationCode,
        lotCode: p.lotCode,
        quantity: p.quantity,
      })),
    );
    if (picks.length > 0) await activities.postOrderShipment({ workflowId, orderNumber, picks, userName: 'bench' });
  };
  const rates = await compareThroughput(seconds, insertOne, placeOrder);
  const base = { name: 'bare single-row INSERT', value: rates.baseline, unit: 'tx/s' };
  report('bare single-row INSERT transaction (orders)', rates.baseline, 'tx/s', base);
  // One order is two transactions (reserve, ship) of many rows each; the ratio says what that costs.
  report('order reserve + ship posting', rates.work, 'orders/s', base);
  const [moves] = await query<{ n: string }>(
    orm.em.fork(),
    "select count(*) as n from stock_move where user_name = 'bench'",
  );
  note(`${num(moves?.n)} shipment moves posted`);
}
