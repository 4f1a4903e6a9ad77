import { round6 } from '../../rules/manufacturing/quantities';
import type { Bucket, GridRow } from '../../rules/mrp';
import type { GridFigures, ItemDifference, OrderDifference } from './mrp-compare-schemas';

/** One run's stored plan, as the comparison reads it. */
export interface PlanSide {
  buckets: Bucket[];
  /** Grid rows by SKU (bucket index order), with the item's name. */
  items: Map<string, { name: string; rows: GridRow[] }>;
  orders: Array<{
    plannedRef: string;
    sku: string;
    type: OrderDifference['type'];
    quantity: number;
    receiptDate: string;
    releaseDate: string;
  }>;
}

const ZERO: GridFigures = { gross: 0, plannedReceipts: 0, plannedReleases: 0, projectedOnHand: 0 };
const MEASURES = ['gross', 'plannedReceipts', 'plannedReleases', 'projectedOnHand'] as const;

function figuresOf(row: GridRow | undefined): GridFigures {
  if (!row) return ZERO;
  const { gross, plannedReceipts, plannedReleases, projectedOnHand } = row;
  return { gross, plannedReceipts, plannedReleases, projectedOnHand };
}

/** Bucket start dates both horizons hold, in date order: runs of different dates are aligned by these. */
export function commonBucketStarts(whatIf: PlanSide, live: PlanSide): string[] {
  const liveStarts = new Set(live.buckets.map((b) => b.start));
  return whatIf.buckets.map((b) => b.start).filter((start) => liveStarts.has(start));
}

function rowsByStart(side: PlanSide, sku: string): Map<string, GridRow> {
  const rows = side.items.get(sku)?.rows ?? [];
  return new Map(rows.map((row) => [side.buckets[row.bucket]?.start ?? '', row]));
}

/** Per item the buckets (of `starts`) where a figure differs, whatIf minus live; items with none left out. */
export function itemDifferences(whatIf: PlanSide, live: PlanSide, starts: ReadonlyArray<string>): ItemDifference[] {
  const skus = [...new Set([...whatIf.items.keys(), ...live.items.keys()])].sort();
  return skus.flatMap((sku) => {
    const ours = rowsByStart(whatIf, sku);
    const theirs = rowsByStart(live, sku);
    const buckets = starts.flatMap((start) => {
      const a = figuresOf(ours.get(start));
      const b = figuresOf(theirs.get(start));
      const difference = Object.fromEntries(MEASURES.map((m) => [m, round6(a[m] - b[m])])) as GridFigures;
      return MEASURES.some((m) => difference[m] !== 0) ? [{ start, live: b, whatIf: a, difference }] : [];
    });
    if (buckets.length === 0) return [];
    const total = (m: (typeof MEASURES)[number]) => round6(buckets.reduce((sum, b) => sum + b.difference[m], 0));
    const name = whatIf.items.get(sku)?.name ?? live.items.get(sku)?.name ?? sku;
    return [
      {
        sku,
        itemName: name,
        totals: {
          gross: total('gross'),
          plannedReceipts: total('plannedReceipts'),
          plannedReleases: total('plannedReleases'),
        },
        buckets,
      },
    ];
  });
}

type Order = PlanSide['orders'][number];

/** Orders grouped by item, type and receipt date, each group in the calculation's order (by ref). */
function groups(orders: ReadonlyArray<Order>): Map<string, Order[]> {
  const byKey = new Map<string, Order[]>();
  const sorted = [...orders].sort((a, b) => a.plannedRef.localeCompare(b.plannedRef, 'en', { numeric: true }));
  for (const order of sorted) {
    const key = `${order.sku}\u0000${order.type}\u0000${order.receiptDate}`;
    byKey.set(key, [...(byKey.get(key) ?? []), order]);
  }
  return byKey;
}

const sideOf = (order: Order | undefined) =>
  order ? { plannedRef: order.plannedRef, quantity: order.quantity, releaseDate: order.releaseDate } : null;

/**
 * Planned orders matched by item, type and receipt date (the n-th of a date with the n-th: plan refs carry bucket
 * positions, which differ between runs of different dates): added, removed, and changed in quantity or release date.
 */
export function orderDifferences(whatIf: PlanSide, live: PlanSide) {
  const ours = groups(whatIf.orders);
  const theirs = groups(live.orders);
  const added: OrderDifference[] = [];
  const removed: OrderDifference[] = [];
  const changed: OrderDifference[] = [];
  for (const key of [...new Set([...ours.keys(), ...theirs.keys()])].sort()) {
    const a = ours.get(key) ?? [];
    const b = theirs.get(key) ?? [];
    for (let i = 0; i < Math.max(a.length, b.length); i += 1) {
      const first = (a[i] ?? b[i])!;
      const row: OrderDifference = {
        sku: first.sku,
        type: first.type,
        receiptDate: first.receiptDate,
        live: sideOf(b[i]),
        whatIf: sideOf(a[i]),
      };
      if (!row.live) added.push(row);
      else if (!row.whatIf) removed.push(row);
      else if (row.live.quantity !== row.whatIf.quantity || row.live.releaseDate !== row.whatIf.releaseDate)
        changed.push(row);
    }
  }
  return { added, removed, changed };
}
