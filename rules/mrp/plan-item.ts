import * as quantities from '../manufacturing/quantities';
import * as dates from './buckets';
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

/*
 * The functions netting calls per bucket and per take, read from their modules once. Run by tsx (the benchmarks,
 * `npm start`), esbuild's CommonJS exports are getters, and V8 does not inline them once a module exports more than
 * one function: a call through the import cost about 25 ns against 3, and a large run makes millions. (The compiled
 * build's exports are plain properties; there this changes nothing.)
 */
const round6 = quantities.round6;
const addDays = dates.addDays;
const bucketOf = dates.bucketOf;

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
  const byBucket = demandsByBucket(bucketing, n, demands);

  const pool: PoolEntry[] = [];
  // The entries of the pool with something left, in pool order: what the per-bucket sums and takes walk (an item's
  // pool keeps every spent lot and planned order for the pegging, and walking those each bucket was quadratic).
  const active: PoolEntry[] = [];
  // Existing receipts not yet arrived, by date; `next` is the first of them (an index, not shift(): each bucket reads
  // the front, and coverOf and the supply messages read the rest).
  const pending: PoolEntry[] = [];
  let next = 0;
  for (const supply of [...supplies].sort(supplyOrder)) {
    const entry = supplyEntry(bucketing, n, supply);
    if (supply.kind === 'on-hand') {
      pool.push(entry);
      active.push(entry);
    } else pending.push(entry);
  }

  const rows: GridRow[] = [];
  const plannedOrders: PlannedOrder[] = [];
  const exceptions: ExceptionMessage[] = [];
  const releases = new Array<number>(n).fill(0);
  let shortfall = 0; // demand an unplannable item could not meet, carried forward
  const usable: PoolEntry[] = []; // a bucket's usable entries in take order: one list, refilled per bucket

  for (let b = 0; b < n; b += 1) {
    dropSpent(active);
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
    while (next < pending.length && pending[next]!.arrival === b) {
      const entry = pending[next++]!;
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
    row.gross = round6(sumOf(demandsHere));
    let need = round6(row.gross + item.safetyStock - leftIn(active));
    // Reschedule in: a receipt due later covers the need before anything new is planned.
    while (need > 0 && next < pending.length && pending[next]!.arrival < n) {
      const entry = pending[next++]!;
      exceptions.push(expedite(item, entry, buckets[b]!));
      entry.arrival = b;
      pool.push(entry);
      active.push(entry);
      row.scheduledReceipts = round6(row.scheduledReceipts + entry.left);
      need = round6(need - entry.left);
    }
    if (need > 0) {
      row.net = need;
      if (canPlan && item.leadTimeDays !== null) {
        const periodNeed = coverOf(item, byBucket, pending, next, b, leftIn(active));
        const quantities = lotSizes(need, item, periodNeed);
        // Every order of a bucket has the same dates: its start, lead time earlier.
        const releaseDate = addDays(buckets[b]!.start, -item.leadTimeDays);
        const released = bucketOf(bucketing, releaseDate) ?? 0;
        for (let index = 0; index < quantities.length; index += 1) {
          const quantity = quantities[index]!;
          const planned = plannedEntry(item, buckets[b]!, b, index, quantity);
          const order = plannedOrder(item, bucketing, buckets[b]!, planned, releaseDate);
          plannedOrders.push(order);
          pool.push(planned);
          active.push(planned);
          row.plannedReceipts = round6(row.plannedReceipts + quantity);
          releases[released] = releases[released]! + quantity;
        }
      }
    }
    // Without demand the bucket takes nothing. Takes only lower what is left, so one order of the usable entries
    // serves every demand of the bucket.
    if (demandsHere.length > 0) {
      usableOf(active, usable);
      for (const demand of demandsHere) {
        const unmet = take(usable, demand, pegging);
        shortfall = round6(shortfall + unmet);
      }
    }
    row.projectedOnHand = round6(leftIn(active) - shortfall);
    rows.push(row);
  }
  for (let b = 0; b < n; b += 1) rows[b]!.plannedReleases = round6(releases[b]!);

  if (pegging) pegRemainders(item, pool, buckets);
  const existing: ExistingEntry[] = [];
  for (const entry of pool) if (isExisting(entry)) existing.push(entry);
  for (let i = next; i < pending.length; i += 1) existing.push(pending[i] as ExistingEntry);
  exceptions.push(...exceptionsForSupplies(item, buckets, rows, existing));
  for (const order of plannedOrders) if (order.pastDue) exceptions.push(pastDueRelease(item, order));
  return {
    rows,
    plannedOrders,
    supplies: existing.map((entry) => ({ ref: entry.ref, kind: entry.kind, pegs: entry.pegs })),
    exceptions,
  };
}

/** A pool entry of an existing supply (on hand or a scheduled receipt), not a planned order. */
type ExistingEntry = PoolEntry & { kind: SupplyKind };

function isExisting(entry: PoolEntry): entry is ExistingEntry {
  return entry.kind !== 'planned';
}

/** No demand in a bucket: one shared empty list rather than one per bucket and item (never written to). */
const NO_DEMAND: NetDemand[] = [];

/**
 * The demands in each bucket of the horizon, each bucket's in {@link demandOrder}; demands after the horizon are left
 * out (the caller counts them).
 */
function demandsByBucket(bucketing: Bucketing, n: number, demands: ReadonlyArray<NetDemand>): NetDemand[][] {
  const byBucket = new Array<NetDemand[]>(n).fill(NO_DEMAND);
  for (const demand of demands) {
    const bucket = bucketOf(bucketing, demand.date);
    if (bucket === null) continue;
    if (byBucket[bucket] === NO_DEMAND) byBucket[bucket] = [demand];
    else byBucket[bucket]!.push(demand);
  }
  for (const list of byBucket) sortStable(list, demandOrder);
  return byBucket;
}

/** An existing supply as the pool holds it: on hand is there from bucket 0, a receipt from its date's bucket. */
function supplyEntry(bucketing: Bucketing, n: number, supply: Supply): PoolEntry {
  return {
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
}

/** Removes the spent entries (nothing left) in place, keeping the others' order. */
function dropSpent(entries: PoolEntry[]): void {
  let kept = 0;
  for (const entry of entries) if (entry.left > 0) entries[kept++] = entry;
  // pop() rather than setting the length, which is a call into V8's runtime: each entry is dropped once.
  while (entries.length > kept) entries.pop();
}

/**
 * What the entries hold, summed in their order (not rounded): spent entries add 0, so the sum over the active ones
 * is the pool's to the bit.
 */
function leftIn(entries: ReadonlyArray<PoolEntry>): number {
  let sum = 0;
  for (const entry of entries) sum += entry.left;
  return sum;
}

/** The demands' quantities summed in their order (not rounded). */
function sumOf(demands: ReadonlyArray<NetDemand>): number {
  let sum = 0;
  for (const demand of demands) sum += demand.quantity;
  return sum;
}

/** Fills `usable` with the active entries that have something left, in {@link takeOrder}. */
function usableOf(active: ReadonlyArray<PoolEntry>, usable: PoolEntry[]): void {
  empty(usable);
  for (const entry of active) if (entry.left > 0) usable.push(entry);
  sortStable(usable, takeOrder);
}

/** Empties a list by pop(): setting its length is a call into V8's runtime, a pop is not. */
function empty(list: unknown[]): void {
  while (list.length > 0) list.pop();
}

/** Below this length {@link sortStable} sorts by insertion. */
const SHORT = 16;

/**
 * Sorts `list` in place as Array.prototype.sort does (stably; with a consistent order the result is the same), short
 * lists by insertion: netting sorts a few entries or demands per bucket, hundreds of thousands of times a run, and
 * V8's sort allocates its work arrays at every call (a fifth of a large run's garbage).
 */
function sortStable<T>(list: T[], order: (a: T, b: T) => number): void {
  if (list.length > SHORT) {
    list.sort(order);
    return;
  }
  for (let i = 1; i < list.length; i += 1) {
    const value = list[i]!;
    let j = i - 1;
    while (j >= 0 && order(list[j]!, value) > 0) {
      list[j + 1] = list[j]!;
      j -= 1;
    }
    list[j + 1] = value;
  }
}

function expedite(item: PlanningItem, entry: PoolEntry, bucket: Bucket): ExceptionMessage {
  return {
    kind: 'expedite',
    sku: item.sku,
    ref: entry.ref,
    fromDate: entry.date,
    toDate: bucket.start,
    quantity: entry.left,
    message: `Expedite ${entry.ref} (${entry.left} of ${item.sku}) from ${entry.date} to ${bucket.start}: it is needed then`,
  };
}

function pastDueRelease(item: PlanningItem, order: PlannedOrder): ExceptionMessage {
  return {
    kind: 'past-due-release',
    sku: item.sku,
    ref: order.id,
    fromDate: order.releaseDate,
    toDate: null,
    quantity: order.quantity,
    message: `Planned order ${order.id} (${order.quantity} of ${item.sku}) should have been released on ${order.releaseDate}`,
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
  const held = pool.filter((entry) => entry.left > 0).sort(lastArrivedFirst);
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

/**
 * A period order quantity's need: the next N buckets' demand and safety stock less what is there and due (the
 * receipts still pending, `pending` from `from` on).
 */
function coverOf(
  item: PlanningItem,
  byBucket: ReadonlyArray<ReadonlyArray<NetDemand>>,
  pending: ReadonlyArray<PoolEntry>,
  from: number,
  b: number,
  available: number,
): number {
  if (item.lotSize.kind !== 'period-order') return 0;
  const last = b + Math.max(1, item.lotSize.periods) - 1;
  let need = item.safetyStock - available;
  for (let j = b; j <= last && j < byBucket.length; j += 1) {
    for (const demand of byBucket[j]!) need += demand.quantity;
  }
  for (let i = from; i < pending.length; i += 1) {
    const entry = pending[i]!;
    if (entry.arrival > b && entry.arrival <= last) need -= entry.left;
  }
  return round6(need);
}

/** A planned order's entry in the pool: it arrives in bucket `arrival` (the bucket's), whole. */
function plannedEntry(item: PlanningItem, bucket: Bucket, arrival: number, index: number, quantity: number): PoolEntry {
  return {
    ref: `${item.sku}/${bucket.index}/${index + 1}`,
    kind: 'planned',
    quantity,
    left: quantity,
    arrival,
    expiresAt: null,
    date: bucket.start,
    pegs: [],
    firstNeed: null,
  };
}

/** The planned order of a pool entry: it shares the entry's pegs, which the takes fill. */
function plannedOrder(
  item: PlanningItem,
  bucketing: Bucketing,
  bucket: Bucket,
  entry: PoolEntry,
  releaseDate: string,
): PlannedOrder {
  return {
    id: entry.ref,
    sku: item.sku,
    type: ORDER_TYPE[item.source],
    quantity: entry.quantity,
    bucket: bucket.index,
    receiptDate: bucket.start,
    releaseDate,
    pastDue: releaseDate < bucketing.start,
    pegs: entry.pegs,
  };
}

/** The order demands take supply in: first-expiring, then first-arrived, then by ref. */
function takeOrder(a: PoolEntry, b: PoolEntry): number {
  return (a.expiresAt ?? Infinity) - (b.expiresAt ?? Infinity) || a.arrival - b.arrival || collate(a.ref, b.ref);
}

/** The order what is left at the horizon's end is pegged in: last-arrived first, then by ref descending. */
function lastArrivedFirst(a: PoolEntry, b: PoolEntry): number {
  return b.arrival - a.arrival || collate(b.ref, a.ref);
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
