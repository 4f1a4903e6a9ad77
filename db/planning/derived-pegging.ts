import type { EntityManager } from '@mikro-orm/postgresql';
import type { BomLookup, BomView } from '../../rules/manufacturing';
import {
  bomLookupOf,
  derivePegging,
  plannedParents,
  type Bucketing,
  type DerivedPegging,
  type ItemInputs,
  type PlannedOrder,
  type PlanningItem,
} from '../../rules/mrp';
import { queryBound } from '../bound-sql';
import { query } from '../sql';

/** A run's planning items (lot sizes decided) and BOMs as its snapshot recorded them, with the BOMs' where-used. */
export interface RunStructure {
  items: Map<string, PlanningItem>;
  boms: BomView[];
  bom: BomLookup;
  parentsOf: Map<string, string[]>;
  phantoms: Set<string>;
}

/** Reads the structure part of a run's recorded inputs (not its demand and supply: the bulk of it). */
export async function readRunStructure(em: EntityManager, runId: number): Promise<RunStructure> {
  const [row] = await query<{ items: PlanningItem[] | null; boms: BomView[] | null }>(
    em,
    `select snapshot->'items' as items, snapshot->'boms' as boms from mrp_run where id = ?`,
    [runId],
  );
  const boms = row?.boms ?? [];
  const parentsOf = new Map<string, string[]>();
  for (const bom of boms) {
    for (const line of bom.lines) {
      const list = parentsOf.get(line.componentSku);
      if (list) list.push(bom.parentSku);
      else parentsOf.set(line.componentSku, [bom.parentSku]);
    }
  }
  return {
    items: new Map((row?.items ?? []).map((item) => [item.sku, item])),
    boms,
    bom: bomLookupOf(boms),
    parentsOf,
    phantoms: new Set(boms.filter((bom) => bom.phantom).map((bom) => bom.parentSku)),
  };
}

/**
 * The stored planned orders of the given items in the run, as the calculation's planned orders without pegs (only
 * what their dependent demand needs), in id order. Hand-written SQL: a shared component's parents hold a hundred
 * thousand orders on a large plan, and loading them as entities took most of a net change
 * (bench/mrp-net-change.bench.ts).
 */
export async function readStoredOrders(em: EntityManager, runId: number, skus: string[]): Promise<PlannedOrder[]> {
  if (skus.length === 0) return [];
  const rows = await queryBound<{
    planned_ref: string;
    sku: string;
    order_type: PlannedOrder['type'];
    quantity: string;
    receipt_date: string;
    release_date: string;
    past_due: boolean;
  }>(
    em,
    `select o.planned_ref, i.sku, o.order_type, o.quantity, to_char(o.receipt_date, 'YYYY-MM-DD') as receipt_date,
            to_char(o.release_date, 'YYYY-MM-DD') as release_date, o.past_due
       from mrp_planned_order o join item i on i.id = o.item_id
      where o.run_id = ? and i.sku in (select jsonb_array_elements_text(?::jsonb))
      order by o.id`,
    [runId, JSON.stringify(skus)],
  );
  return rows.map((row) => ({
    id: row.planned_ref,
    sku: row.sku,
    type: row.order_type,
    quantity: Number(row.quantity),
    bucket: 0,
    receiptDate: row.receipt_date,
    releaseDate: row.release_date,
    pastDue: row.past_due,
    pegs: [],
  }));
}

/**
 * The pegging of the given items in a run, derived from their stored inputs and their parents' stored orders
 * (rules/mrp derivePegging). An item the run stored with its pegs (before pegging was derived: `inputs` null) or
 * did not plan has no entry: its stored pegs are what a read shows.
 */
export async function derivedPeggingOf(
  em: EntityManager,
  run: { id: number; bucketing: Bucketing },
  skus: readonly string[],
  structure: RunStructure,
): Promise<Map<string, DerivedPegging>> {
  const wanted = [...new Set(skus)];
  if (wanted.length === 0) return new Map();
  const rows = await queryBound<{ sku: string; inputs: ItemInputs | null }>(
    em,
    `select i.sku, p.inputs from mrp_item_plan p join item i on i.id = p.item_id
      where p.run_id = ? and i.sku in (select jsonb_array_elements_text(?::jsonb))`,
    [run.id, JSON.stringify(wanted)],
  );
  const derivable = rows.filter((row) => row.inputs !== null && structure.items.has(row.sku));
  const parentsBySku = new Map(
    derivable.map((row) => [row.sku, plannedParents(row.sku, structure.parentsOf, structure.phantoms)]),
  );
  const parentOrders = await readStoredOrders(em, run.id, [...new Set([...parentsBySku.values()].flat())]);
  const ordersOf = new Map<string, PlannedOrder[]>();
  for (const order of parentOrders) {
    const list = ordersOf.get(order.sku);
    if (list) list.push(order);
    else ordersOf.set(order.sku, [order]);
  }
  const derived = new Map<string, DerivedPegging>();
  for (const row of derivable) {
    const parents = (parentsBySku.get(row.sku) ?? []).flatMap((sku) => ordersOf.get(sku) ?? []);
    derived.set(
      row.sku,
      derivePegging(structure.items.get(row.sku)!, run.bucketing, row.inputs!, parents, structure.bom),
    );
  }
  return derived;
}

/** {@link derivedPeggingOf} for a run by id (its buckets read from the run). */
export async function derivedPeggingOfRun(
  em: EntityManager,
  runId: number,
  skus: readonly string[],
): Promise<Map<string, DerivedPegging>> {
  if (skus.length === 0) return new Map();
  const [run] = await query<{ as_of: string; bucket_size: Bucketing['size']; bucket_count: number }>(
    em,
    `select to_char(as_of, 'YYYY-MM-DD') as as_of, bucket_size, bucket_count from mrp_run where id = ?`,
    [runId],
  );
  if (!run) return new Map();
  const bucketing = { size: run.bucket_size, start: run.as_of, count: run.bucket_count };
  return derivedPeggingOf(em, { id: runId, bucketing }, skus, await readRunStructure(em, runId));
}
