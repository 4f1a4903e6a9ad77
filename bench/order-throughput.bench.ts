import { availableParallelism, loadavg } from 'node:os';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { Client } from '@temporalio/client';
import {
  createOrderStock,
  CUSTOMER,
  inPool,
  orderFlow,
  orderLines,
  runBaseline,
  type OrderLine,
} from './order-bench-driver';
import { startOrderBenchEnv, TEMPORAL_TEMP } from './order-bench-env';
import { projectionWatcher } from './projection-watcher';
import { note, percentile, prng, report } from './harness';

const ITEMS = 20;

/** What a completed history holds: activities scheduled before the first accepted update and after each one. */
interface HistoryShape {
  segments: number[];
  activities: number;
  updates: number;
  timers: number;
  events: number;
}

async function historyShape(client: Client, workflowId: string): Promise<HistoryShape> {
  const history = await client.workflow.getHandle(workflowId).fetchHistory();
  const segments = [0];
  let timers = 0;
  for (const event of history.events ?? []) {
    if (event.workflowExecutionUpdateAcceptedEventAttributes) segments.push(0);
    if (event.activityTaskScheduledEventAttributes) segments[segments.length - 1] = (segments.at(-1) ?? 0) + 1;
    if (event.timerStartedEventAttributes) timers += 1;
  }
  const activities = segments.reduce((sum, n) => sum + n, 0);
  return { segments, activities, updates: segments.length - 1, timers, events: history.events?.length ?? 0 };
}

const rate = (count: number, run: { seconds: number }) => (count / run.seconds).toFixed(2);

/** Runs `count` instances of `one` with bounded concurrency; returns the wall time and each instance's latency. */
async function measure(count: number, concurrency: number, one: (i: number) => Promise<unknown>) {
  const latencies: number[] = [];
  const started = performance.now();
  await inPool(count, concurrency, async (i) => {
    const begun = performance.now();
    await one(i);
    latencies.push(performance.now() - begun);
  });
  return { seconds: (performance.now() - started) / 1000, latencies };
}

/**
 * Issue 5: `orders` sales orders through the whole fulfillment workflow on a real Temporal dev server, placed
 * through the API and their pick, pack and ship tasks completed through it by a clerk driver with `concurrency`
 * orders in flight, each counted when its process_instance row turns completed. The baseline is a no-op
 * workflow with the order's step count (as many activities, counted from a completed order's history, and three
 * waits completed by Temporal updates from the same driver at the same concurrency) on the same server and
 * worker process; half of it runs before the orders and half after, so drift on a shared machine hits both.
 */
export async function orderThroughputBench(orm: MikroORM, options: { orders: number; concurrency: number }) {
  const { orders, concurrency } = options;
  const warmup = Math.min(concurrency, Math.max(4, Math.round(orders / 20)));
  const skus = await createOrderStock(orm, orders + warmup, ITEMS);
  const random = prng(0x0d5);
  const plan: OrderLine[][] = Array.from({ length: orders + warmup }, () => orderLines(skus, random));
  const env = await startOrderBenchEnv(orm);
  try {
    const watcher = projectionWatcher(orm, { tickMs: 20, timeoutMs: 300_000 });
    const fulfil = orderFlow(env.app, env.clerk, watcher);
    let firstOrder = '';
    const placeOrder = async (i: number) => {
      const workflowId = await fulfil(plan[i] ?? []);
      firstOrder ||= workflowId;
    };
    await inPool(warmup, concurrency, placeOrder); // JIT, pools, workflow cache: not counted
    const shape = await historyShape(env.client, firstOrder);
    if (shape.updates !== 3) throw new Error(`expected 3 task completions in ${firstOrder}, found ${shape.updates}`);

    let serial = 0;
    const baseline = () => runBaseline(env.client, `bench-noop-${(serial += 1)}`, { segments: shape.segments });
    await inPool(warmup, concurrency, baseline);
    const noopShape = await historyShape(env.client, 'bench-noop-1');

    const firstHalf = Math.floor(orders / 2);
    const before = await measure(firstHalf, concurrency, baseline);
    const ticksBefore = watcher.stats.ticks;
    const run = await measure(orders, concurrency, (i) => placeOrder(warmup + i));
    const ticks = watcher.stats.ticks - ticksBefore;
    const after = await measure(orders - firstHalf, concurrency, baseline);

    const noop = {
      rate: orders / (before.seconds + after.seconds),
      latencies: [...before.latencies, ...after.latencies],
    };
    const sameSteps = `no-op workflow of the same steps`;
    report(
      `order fulfillment through the API, ${orders} orders (${concurrency} in flight)`,
      orders / run.seconds,
      'orders/s',
      { name: sameSteps, value: noop.rate, unit: 'workflows/s' },
    );
    for (const p of [50, 95]) {
      const base = { name: `${sameSteps} p${p}`, value: percentile(noop.latencies, p) / 1000, unit: 's' };
      report(`order latency p${p}, placed to completed`, percentile(run.latencies, p) / 1000, 's', base);
    }
    const [load] = loadavg();
    note(
      `${shape.activities} activities per order (${shape.segments.join(' / ')} around the pick, pack and ship ` +
        `completions), counted from completed order ${firstOrder}: ${shape.events} history events, ${shape.timers} ` +
        `timers; the no-op workflow ran ${noopShape.activities} no-op activities and ${noopShape.updates} updates ` +
        `in ${noopShape.events} events`,
    );
    note(
      `orders of 1-2 lines of ${ITEMS} lot-tracked items in 2 bins each, for ${CUSTOMER} (credit limit raised, ` +
        `every check passes); the clerk opened each task by GET /api/tasks/:id once its row was open (one ` +
        `projection query for all orders in flight per 20 ms tick, ${ticks} ticks) and completed it by POST ` +
        `/api/tasks/:id/complete; orders ${run.seconds.toFixed(1)} s, ` +
        `no-op ${before.seconds.toFixed(1)} s before (${rate(firstHalf, before)}/s) + ${after.seconds.toFixed(1)} s ` +
        `after (${rate(orders - firstHalf, after)}/s); ${warmup} of each ` +
        `first as warm-up, not counted`,
    );
    note(
      `API, production worker (own ORM pool) and no-op worker in this process; ${env.temporalRoute}, SQLite under ` +
        `${TEMPORAL_TEMP}; load average ` +
        `${load?.toFixed(1)} on ${availableParallelism()} CPUs`,
    );
  } finally {
    await env.stop();
  }
}
