import { round6 } from '../manufacturing/quantities';
import { addDays, bucketOf } from './buckets';
import { lotSizes } from './lot-size';
import { exceptionsForSupplies } from './supply-exceptions';
import type {
  Bucket,
  Bucketing,
  ExceptionMessage,
  GridRow,
  Peg,
  PegKind,
  PlannedOrder,
  PlanningItem,
  Supply,
  SupplyKind,
} from './types';

/** A demand as the netting sees it: independent, a component of a released order, or a parent's planned order. */
export interface NetDemand {
  ref: string;
  kind: PegKind;
  sku: string;
  date: string;
  quantity: number;
}

/** Supply in the netting pool: what is left of it, where it arrived and what it serves so far. */
interface PoolEntry {
  ref: string;
  kind: SupplyKind | 'planned';
  quantity: number;
  left: number;
  arrival: number;
  /** The first bucket it may no longer serve (its lot expires); null: it does not expire in the horizon. */
  expiresAt: number | null;
  date: string;
  pegs: Peg[];
  /** The date of the first demand it served (null: none yet): supply messages need it with or without pegs. */
  firstNeed: string | null;
}

export interface ItemNetting {
  rows: GridRow[];
  plannedOrders: PlannedOrder[];
  supplies: Array<{ ref: string; kind: SupplyKind; pegs: Peg[] }>;
  exceptions: ExceptionMessage[];
}

const ORDER_TYPE = { make: 'production', buy: 'purchase', subcontract: 'subcontract' } as const;

/**
 * Nets one item over the horizon, bucket by bucket: receipts arrive, expiring lots leave, and when the gross
 * requirement plus safety stock exceeds what is on hand, existing receipts due later are pulled in first (an
 * `expedite` message each) and what is still missing becomes planned orders, lot-sized, released lead time earlier.
 * Demands then take supply first-expiring, first-arrived, which is the pegging. `canPlan` false (the item has a
 * problem) plans nothing: the grid shows the shortfall and projected on hand goes below safety stock. `pegging`
 * false leaves the pegs empty (a stored run derives them when read): the same rows, orders and messages, faster.
 */
export function netItem(
  item: PlanningItem,
  bucketing: Bucketing,
  buckets: ReadonlyArray<Bucket>,
  demands: ReadonlyArray<NetDemand>,
  supplies: ReadonlyArray<Supply>,
  canPlan: boolean,
  pegging = true,
): ItemNetting {
  const n = buckets.length;
  const byBucket: NetDemand[][] = buckets.map(() => []);
  for (const demand of demands) {
    const bucket = bucketOf(bucketing, demand.date);
    if (bucket !== null) byBucket[bucket]!.push(demand); // the caller counts what lies beyond the horizon
  }
  for (const list of byBucket) list.sort(demandOrder);

  const pool: PoolEntry[] = [];
  // The entries of the pool with something left, in pool order: what the per-bucket sums and takes walk (an item's
  // pool keeps every spent lot and planned order for the pegging, and walking those each bucket was quadratic).
  let active: PoolEntry[] = [];
  const pending: PoolEntry[] = [];
  for (const supply of [...supplies].sort(supplyOrder)) {
    const entry: PoolEntry = {
      ref: supply.ref,
      kind: supply.kind,
      quantity: supply.quantity,
      left: supply.quantity,
      arrival: supply.kind === 'on-hand' ? 0 : (bucketOf(bucketing, supply.date) ?? n),
      expiresAt: supply.expiresOn ? bucketOf(bucketing, supply.expiresOn) : null,
      date: supply.date,
      pegs: [],
      firstNeed: null,
    };
    if (supply.kind === 'on-hand') {
      pool.push(entry);
      active.push(entry);
    } else pending.push(entry);
  }

  const rows: GridRow[] = [];
  const plannedOrders: PlannedOrder[] = [];
  const exceptions: ExceptionMessage[] = [];
  const releases = new Array<number>(n).fill(0);
  const plannedEntry = new Map<string, PoolEntry>();
  let shortfall = 0; // demand an unplannable item could not meet, carried forward
  // Spent entries add 0, so the sum over the active ones is the pool's to the bit.
  const total = () => round6(active.reduce((sum, entry) => sum + entry.left, 0));

  for (let b = 0; b < n; b += 1) {
    active = active.filter((entry) => entry.left > 0);
    const row: GridRow = {
      bucket: b,
      gross: 0,
      scheduledReceipts: 0,
      expired: 0,
      projectedOnHand: 0,
      net: 0,
      plannedReceipts: 0,
      plannedReleases: 0,
    };
    while (pending.length > 0 && pending[0]!.arrival === b) {
      const entry = pending.shift()!;
      pool.push(entry);
      active.push(entry);
      row.scheduledReceipts = round6(row.scheduledReceipts + entry.left);
    }
    for (const entry of active) {
      if (entry.expiresAt !== null && entry.expiresAt <= b && entry.left > 0) {
        row.expired = round6(row.expired + entry.left);
        entry.left = 0;
      }
    }
    const demandsHere = byBucket[b]!;
    row.gross = round6(demandsHere.reduce((sum, demand) => sum + demand.quantity, 0));
    let need = round6(row.gross + item.safetyStock - total());
    // Reschedule in: a receipt due later covers the need before anything new is planned.
    while (need > 0 && pending.length > 0 && pending[0]!.arrival < n) {
      const entry = pending.shift()!;
      exceptions.push({
        kind: 'expedite',
        sku: item.sku,
        ref: entry.ref,
        fromDate: entry.date,
        toDate: buckets[b]!.start,
        quantity: entry.left,
        message: `Expedite ${entry.ref} (${entry.left} of ${item.sku}) from ${entry.date} to ${buckets[b]!.start}: it is needed then`,
      });
      entry.arrival = b;
      pool.push(entry);
      active.push(entry);
      row.scheduledReceipts = round6(row.scheduledReceipts + entry.left);
      need = round6(need - entry.left);
    }
    if (need > 0) {
      row.net = need;
      if (canPlan && item.leadTimeDays !== null) {
        const periodNeed = coverOf(item, byBucket, pending, b, total());
        for (const [index, quantity] of lotSizes(need, item, periodNeed).entries()) {
          const order = plannedOrder(item, bucketing, buckets[b]!, index, quantity);
          plannedOrders.push(order);
          const planned = { ...poolOf(order), arrival: b };
          pool.push(planned);
          active.push(planned);
          plannedEntry.set(order.id, planned);
          row.plannedReceipts = round6(row.plannedReceipts + quantity);
          const released = bucketOf(bucketing, order.releaseDate) ?? 0;
          releases[released] = releases[released]! + quantity;
        }
      }
    }
    // Takes only lower what is left, so one order of the usable entries serves every demand of the bucket.
    const usable = active.filter((entry) => entry.left > 0).sort(takeOrder);
    for (const demand of demandsHere) {
      const unmet = take(usable, demand, pegging);
      shortfall = round6(shortfall + unmet);
    }
    row.projectedOnHand = round6(total() - shortfall);
    rows.push(row);
  }
  rows.forEach((row, b) => (row.plannedReleases = round6(releases[b]!)));

  if (pegging) pegRemainders(item, pool, buckets);
  for (const order of plannedOrders) order.pegs = plannedEntry.get(order.id)!.pegs;
  const existing = [...pool, ...pending].filter(
    (entry): entry is PoolEntry & { kind: SupplyKind } => entry.kind !== 'planned',
  );
  exceptions.push(...exceptionsForSupplies(item, buckets, rows, existing));
  for (const order of plannedOrders.filter((o) => o.pastDue)) {
    exceptions.push({
      kind: 'past-due-release',
      sku: item.sku,
      ref: order.id,
      fromDate: order.releaseDate,
      toDate: null,
      quantity: order.quantity,
      message: `Planned order ${order.id} (${order.quantity} of ${item.sku}) should have been released on ${order.releaseDate}`,
    });
  }
  return {
    rows,
    plannedOrders,
    supplies: existing.map((entry) => ({ ref: entry.ref, kind: entry.kind, pegs: entry.pegs })),
    exceptions,
  };
}

/**
 * Takes a demand from the usable entries of the pool (in {@link takeOrder}: first-expiring then first-arrived);
 * returns what the pool could not give.
 */
function take(usable: ReadonlyArray<PoolEntry>, demand: NetDemand, pegging: boolean): number {
  let left = demand.quantity;
  for (const entry of usable) {
    if (left <= 0) break;
    if (entry.left <= 0) continue;
    const quantity = Math.min(entry.left, left);
    entry.left = round6(entry.left - quantity);
    left = round6(left - quantity);
    if (pegging) entry.pegs.push({ kind: demand.kind, ref: demand.ref, quantity, date: demand.date });
    if (entry.firstNeed === null || demand.date < entry.firstNeed) entry.firstNeed = demand.date;
  }
  return left;
}

/**
 * What is left in the pool at the horizon's end: the safety stock it holds (the part consumed last), then the rest,
 * which for a planned order is the lot-sizing remainder. After this a planned order's pegs add up to its quantity.
 */
function pegRemainders(item: PlanningItem, pool: PoolEntry[], buckets: ReadonlyArray<Bucket>): void {
  let safety = item.safetyStock;
  const held = pool
    .filter((entry) => entry.left > 0)
    .sort((a, b) => b.arrival - a.arrival || b.ref.localeCompare(a.ref));
  for (const entry of held) {
    const forSafety = Math.min(entry.left, safety);
    const date = buckets[entry.arrival]?.start ?? entry.date;
    if (forSafety > 0) entry.pegs.push({ kind: 'safety-stock', ref: item.sku, quantity: forSafety, date });
    safety = round6(safety - forSafety);
    const rest = round6(entry.left - forSafety);
    if (rest > 0 && entry.kind === 'planned') {
      entry.pegs.push({ kind: 'lot-size-remainder', ref: item.sku, quantity: rest, date });
    }
  }
}

/** A period order quantity's need: the next N buckets' demand and safety stock less what is there and due. */
function coverOf(
  item: PlanningItem,
  byBucket: ReadonlyArray<ReadonlyArray<NetDemand>>,
  pending: ReadonlyArray<PoolEntry>,
  b: number,
  available: number,
): number {
  if (item.lotSize.kind !== 'period-order') return 0;
  const last = b + Math.max(1, item.lotSize.periods) - 1;
  let need = item.safetyStock - available;
  for (let j = b; j <= last && j < byBucket.length; j += 1) {
    for (const demand of byBucket[j]!) need += demand.quantity;
  }
  for (const entry of pending) if (entry.arrival > b && entry.arrival <= last) need -= entry.left;
  return round6(need);
}

function plannedOrder(
  item: PlanningItem,
  bucketing: Bucketing,
  bucket: Bucket,
  index: number,
  quantity: number,
): PlannedOrder {
  const releaseDate = addDays(bucket.start, -(item.leadTimeDays ?? 0));
  return {
    id: `${item.sku}/${bucket.index}/${index + 1}`,
    sku: item.sku,
    type: ORDER_TYPE[item.source],
    quantity,
    bucket: bucket.index,
    receiptDate: bucket.start,
    releaseDate,
    pastDue: releaseDate < bucketing.start,
    pegs: [],
  };
}

function poolOf(order: PlannedOrder): PoolEntry {
  return {
    ref: order.id,
    kind: 'planned',
    quantity: order.quantity,
    left: order.quantity,
    arrival: order.bucket,
    expiresAt: null,
    date: order.receiptDate,
    pegs: [],
    firstNeed: null,
  };
}

/** The order demands take supply in: first-expiring, then first-arrived, then by ref. */
function takeOrder(a: PoolEntry, b: PoolEntry): number {
  return (a.expiresAt ?? Infinity) - (b.expiresAt ?? Infinity) || a.arrival - b.arrival || collate(a.ref, b.ref);
}

/** localeCompare's order (the same collator), without building one per comparison: sorts run millions of them. */
const collate = new Intl.Collator().compare;

/** ISO dates of one format order as their characters do. */
function byDate(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

function demandOrder(a: NetDemand, b: NetDemand): number {
  return byDate(a.date, b.date) || collate(a.kind, b.kind) || collate(a.ref, b.ref);
}

function supplyOrder(a: Supply, b: Supply): number {
  return byDate(a.date, b.date) || collate(a.kind, b.kind) || collate(a.ref, b.ref);
}
