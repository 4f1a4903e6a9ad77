import type { MikroORM } from '@mikro-orm/postgresql';
import { createActivities } from '../activities';
import { proposeWaves, type PlanOrder } from '../api/waves/wave-service';
import type { WaveOrderPick } from '../rules/waves/pick-path';
import type { OrderReservation } from '../workflows/order-fulfillment/order-fulfillment.contract';
import { orderFulfillmentWorkflowId } from '../workflows/order-fulfillment/order-fulfillment.contract';
import { note, report, timed } from './harness';
import { createOrders, itemCount, LINES_PER_ORDER, loadWaveWorld, ZONES } from './wave-world';

const LOTS = Number(process.env.BENCH_WAVE_LOTS ?? 1_000_000);
const ORDERS = Number(process.env.BENCH_WAVE_ORDERS ?? 500);
/**
 * Orders allocating at once in a wave. Each order of a wave reserves in its own workflow's activity, so a worker
 * runs them side by side (up to its activity slots and the pool of 20 connections); 8 keeps a 2-core machine busy
 * without queueing on the pool.
 */
const CONCURRENCY = Number(process.env.BENCH_WAVE_CONCURRENCY ?? 8);
const WARM_UP = 10;

type Activities = ReturnType<typeof createActivities>;

/** Runs `work` over `items` with at most `limit` in flight, results in the items' order. */
async function inParallel<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const index = next;
      next += 1;
      results[index] = await work(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, lane));
  return results;
}

/** One order's allocation exactly as its fulfillment workflow asks for it: the activity, under the pinned rules. */
function reserver(activities: Activities, pin: Awaited<ReturnType<Activities['pinRuleVersion']>>) {
  return (orderNumber: string) =>
    activities.reserveOrderStock({
      workflowId: orderFulfillmentWorkflowId(orderNumber),
      orderNumber,
      allocationRules: pin,
    });
}

/** What each order's allocation reserved, as the pick-wave workflow hands it to planWavePaths. */
function picksOf(orderNumber: string, reservation: OrderReservation): WaveOrderPick[] {
  return reservation.lines.flatMap((line) =>
    line.picks.map((pick) => ({
      orderNumber,
      lineNo: line.lineNo,
      itemSku: line.itemSku,
      locationCode: pick.locationCode,
      lotCode: pick.lotCode,
      quantity: pick.quantity,
    })),
  );
}

/**
 * Issue 20: a wave of ORDERS orders x 5 lines over LOTS lots in PostgreSQL.
 *
 * (1) Plan and allocate: every order reserves through the fulfillment's own reserveOrderStock activity under the
 * pinned (seeded) allocation rules, side by side as the orders' workflows do in a wave; proposeWaves (the API's
 * planning: each order's wave policy decided under the seeded `wave` rules and stored, then planWaves) groups them;
 * the pick-wave workflow's planWavePaths activity lays each proposed wave's path. Baseline: the same orders
 * allocated one after another through the same activity, nothing planned.
 *
 * "The same orders" are two identical copies (set B for the baseline, set A for the wave: same customer, items,
 * quantities), allocated against the same stock, rather than one set whose reservations are released in between:
 * releasing would leave decisions, idempotency keys, line quantities and order statuses behind that the second run
 * would have to be reset from, and a reset of our own would no longer be the code the workflow runs. Each line asks
 * for at most 10 units of an item that has ~500 lots of 10-50 units, so the first run only moves the second one's
 * received-asc choice on to the next lots: each line locks and sorts the same rows in both, less the few lots the
 * first run emptied. The baseline runs first, on
 * stock just loaded; a warm-up of WARM_UP orders of a third copy compiles the pinned rules before either is timed.
 *
 * (2) Pick path: the bin visits of the waves' paths (each bin once per wave) against the sum of the orders' separate
 * paths (each order's distinct bins), both counted by the path rule's pathVisits, and the path planning time.
 */
export async function waveBench(orm: MikroORM): Promise<void> {
  const date = new Date().toISOString().slice(0, 10);
  const items = itemCount(LOTS);
  const loaded = await timed(() => loadWaveWorld(orm, LOTS, date));
  note(
    `loaded ${LOTS} lots of ${items} items in ${ZONES} zones in ${(loaded / 1000).toFixed(1)} s, ` +
      `then ${ORDERS} orders x ${LINES_PER_ORDER} lines twice (baseline and wave copies)`,
  );
  const baselineOrders = await createOrders(orm, 'B', ORDERS, items);
  const waveOrders = await createOrders(orm, 'A', ORDERS, items);
  const warmUpOrders = await createOrders(orm, 'W', WARM_UP, items);

  const activities = createActivities({ orm });
  const pin = await activities.pinRuleVersion({ type: 'allocation' });
  if (!pin) throw new Error('no published allocation rules: the seed should have published them');
  const reserve = reserver(activities, pin);
  for (const orderNumber of warmUpOrders) await reserve(orderNumber);

  // Baseline: one by one, as orders are allocated today.
  const oneByOne = await timed(async () => {
    for (const orderNumber of baselineOrders) await reserve(orderNumber);
  });

  // The wave: allocate side by side, plan the waves from what was reserved, lay each wave's path.
  let reservations: OrderReservation[] = [];
  const allocateMs = await timed(async () => {
    reservations = await inParallel(waveOrders, CONCURRENCY, reserve);
  });
  // Two carriers, cut-offs four and six hours out: past the seeded 'cutoff-within-two-hours' rule, so every order
  // gets the default policy (waves of up to 50 orders per carrier cut-off and zone set).
  const now = Date.now();
  const plan: PlanOrder[] = waveOrders.map((orderNumber, o) => ({
    orderNumber,
    carrier: o % 2 === 0 ? 'DHL' : 'UPS',
    cutoffAt: new Date(now + (o % 2 === 0 ? 4 : 6) * 3_600_000).toISOString(),
    priority: o % 10 === 0 ? 'high' : 'normal',
  }));
  let proposed: Awaited<ReturnType<typeof proposeWaves>> | undefined;
  const planMs = await timed(async () => {
    proposed = await proposeWaves(orm, plan, 'bench');
  });
  const picksByOrder = new Map(
    waveOrders.map((orderNumber, o) => [orderNumber, picksOf(orderNumber, reservations[o]!)]),
  );
  const paths: Array<Awaited<ReturnType<Activities['planWavePaths']>>> = [];
  const pathMs = await timed(async () => {
    for (const wave of proposed?.waves ?? []) {
      paths.push(
        await activities.planWavePaths({ picks: wave.orderNumbers.flatMap((n) => picksByOrder.get(n) ?? []) }),
      );
    }
  });
  const waveMs = allocateMs + planMs + pathMs;

  const baseline = { name: `the same ${ORDERS} orders allocated one by one`, value: oneByOne, unit: 'ms' };
  report(
    `plan and allocate a wave of ${ORDERS} orders x ${LINES_PER_ORDER} lines over ${LOTS} lots`,
    waveMs,
    'ms',
    baseline,
  );
  const waves = proposed?.waves ?? [];
  const lines = reservations.flatMap((r) => r.lines);
  note(
    `allocation ${allocateMs.toFixed(0)} ms (${CONCURRENCY} orders at a time), planning ${planMs.toFixed(0)} ms ` +
      `into ${waves.length} waves of ${Math.min(...waves.map((w) => w.orderNumbers.length))}-` +
      `${Math.max(...waves.map((w) => w.orderNumbers.length))} orders, paths ${pathMs.toFixed(0)} ms; ` +
      `${lines.filter((l) => l.picks.length > 0).length} of ${lines.length} lines allocated; ` +
      `the wave's allocation alone ${(allocateMs / oneByOne).toFixed(3)}x one by one, ` +
      `planning and paths ${(((planMs + pathMs) / oneByOne) * 100).toFixed(1)} % of it`,
  );

  const visits = paths.reduce(
    (sum, plan) => ({ wave: sum.wave + plan.visits.wave, separate: sum.separate + plan.visits.separate }),
    { wave: 0, separate: 0 },
  );
  const zonePaths = paths.reduce((sum, plan) => sum + plan.paths.length, 0);
  const stops = paths.reduce((sum, plan) => sum + plan.paths.reduce((n, path) => n + path.stops.length, 0), 0);
  if (stops !== visits.wave) throw new Error(`the paths have ${stops} stops but count ${visits.wave} wave visits`);
  report(
    `pick path of ${waves.length} waves: bin visits`,
    visits.wave,
    'visits',
    { name: "the orders' separate paths", value: visits.separate, unit: 'visits' },
    { text: 'fewer visits than separate paths', met: (_value, ratio) => ratio < 1 },
  );
  note(
    `${visits.wave} bin visits on ${zonePaths} zone paths vs ${visits.separate} picking each order alone ` +
      `(${visits.separate - visits.wave} fewer)`,
  );
  report(`path planning of ${waves.length} waves (${zonePaths} zone paths)`, pathMs, 'ms', baseline);
}
