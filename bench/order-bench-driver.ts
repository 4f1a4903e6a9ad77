import type { FastifyInstance } from 'fastify';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { Client } from '@temporalio/client';
import { postMove } from '../db/inventory/post-move';
import { query } from '../db/sql';
import { injectCall, packAll, pickAll, SHIP, type TaskView } from '../test/support/order-driver';
import { packCheckShipment } from '../test/support/pack-check';
import { BASELINE_QUEUE } from './order-bench-env';
import { completeStepUpdate, type OrderBaselineInput } from './order-baseline.workflow';
import type { ProjectionWatcher } from './projection-watcher';

type Headers = { authorization: string };
export type OrderLine = { itemSku: string; quantity: number };

/** The customer the orders are for: its credit check passes (standard segment, nothing overdue). */
export const CUSTOMER = 'C-BOLT';
const MAX_QUANTITY = 3;
const BINS = ['MAIN-A01', 'MAIN-A02'];

/**
 * Fresh lot-tracked items, each received (postMove, as receipts are) into two bins with enough free stock for
 * `orders` orders of up to two lines of up to 3 each, and a credit limit for the customer that the exposure of
 * all those orders (and their unpaid invoices) never reaches, so no order is held for approval.
 */
export async function createOrderStock(orm: MikroORM, orders: number, itemCount: number): Promise<string[]> {
  const rows = await query<{ sku: string }>(
    orm.em.fork(),
    `insert into item (sku, name, uom, category, lot_tracked, shelf_life_days, lead_time_days, supply_type,
                       allow_negative_stock, valuation_method, valued_per_warehouse, list_price, created_at)
     select 'BENCH-ORD-' || lpad(n::text, 3, '0'), 'Order bench item ' || n, 'pcs', 'bench', true, 365, 1, 'buy',
            false, 'fifo', false, 10, now()
       from generate_series(1, ?) n returning sku`,
    [itemCount],
  );
  const skus = rows.map((row) => row.sku);
  const perBin = Math.ceil((orders * 2 * MAX_QUANTITY) / itemCount / BINS.length) + 10;
  for (const [itemIndex, sku] of skus.entries()) {
    for (const [binIndex, location] of BINS.entries()) {
      await orm.em.fork().transactional((em) =>
        postMove(em, {
          moveType: 'receipt',
          itemSku: sku,
          lot: { code: `${sku}-L${binIndex + 1}`, manufacturedOn: new Date().toISOString().slice(0, 10) },
          toLocation: location,
          quantity: perBin,
          unitCost: 4,
          effectiveAt: new Date(Date.now() - (BINS.length - binIndex) * 60_000 - itemIndex),
          documentType: 'bench',
          documentRef: `bench-stock-${sku}`,
          userName: 'bench',
          idempotencyKey: `bench-stock:${sku}:${binIndex}`,
        }),
      );
    }
  }
  await query(orm.em.fork(), 'update customer set credit_limit = 1000000000 where code = ?', [CUSTOMER]);
  return skus;
}

/** An order's lines: one or two different items, 1 to 3 each (seeded, so every run places the same orders). */
export function orderLines(skus: string[], random: () => number): OrderLine[] {
  const pick = () => skus[Math.floor(random() * skus.length)] ?? '';
  const first = pick();
  const lines = [{ itemSku: first, quantity: 1 + Math.floor(random() * MAX_QUANTITY) }];
  const second = pick();
  if (random() < 0.5 && second !== first)
    lines.push({ itemSku: second, quantity: 1 + Math.floor(random() * MAX_QUANTITY) });
  return lines;
}

/** Runs `work(0..count-1)` with at most `concurrency` in flight; the first failure stops new starts and is thrown. */
export async function inPool(count: number, concurrency: number, work: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  let failed = false;
  const lane = async () => {
    while (!failed && next < count) {
      const i = next;
      next += 1;
      try {
        await work(i);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, lane));
}

/** The clerk's side of one order: place it, then open and complete pick, pack and ship as each task appears. */
export function orderFlow(app: FastifyInstance, clerk: Headers, watcher: ProjectionWatcher) {
  const openTask = async (taskId: string): Promise<TaskView> => {
    await watcher.taskOpen(taskId);
    const url = `/api/tasks/${encodeURIComponent(taskId)}`;
    const response = await app.inject({ method: 'GET', url, headers: clerk });
    if (response.statusCode !== 200) throw new Error(`task ${taskId}: ${response.statusCode} ${response.body}`);
    return response.json<TaskView>();
  };
  const complete = async (taskId: string, payload: Record<string, unknown>) => {
    const url = `/api/tasks/${encodeURIComponent(taskId)}/complete`;
    const response = await app.inject({ method: 'POST', url, headers: clerk, payload: { payload } });
    if (response.statusCode !== 200) throw new Error(`complete ${taskId}: ${response.statusCode} ${response.body}`);
  };
  return async (lines: OrderLine[]): Promise<string> => {
    const placed = await app.inject({
      method: 'POST',
      url: '/api/orders',
      headers: clerk,
      payload: { customerCode: CUSTOMER, lines },
    });
    if (placed.statusCode !== 201) throw new Error(`order: ${placed.statusCode} ${placed.body}`);
    const { workflowId } = placed.json<{ workflowId: string }>();
    const pick = await openTask(`${workflowId}:pick`);
    await complete(pick.id, { picks: pickAll(pick) });
    const pack = await openTask(`${workflowId}:pack`);
    await complete(pack.id, packAll(pack));
    const ship = await openTask(`${workflowId}:ship`);
    await packCheckShipment(injectCall(app, clerk), ship);
    await complete(ship.id, SHIP);
    await watcher.completed(workflowId);
    return workflowId;
  };
}

/** One baseline instance: started, its waits completed by updates as soon as it is started, awaited to the end. */
export async function runBaseline(client: Client, workflowId: string, input: OrderBaselineInput): Promise<void> {
  const handle = await client.workflow.start('orderBaseline', {
    workflowId,
    taskQueue: BASELINE_QUEUE,
    args: [input],
  });
  for (let step = 1; step < input.segments.length; step += 1) {
    await handle.executeUpdate(completeStepUpdate, { args: [step] });
  }
  await handle.result();
}
