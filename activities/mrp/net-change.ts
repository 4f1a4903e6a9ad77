import { LockMode, type EntityManager } from '@mikro-orm/postgresql';
import { Item, MrpRun } from '../../db/entities';
import { readDemandsAndSupplies } from '../../db/planning/mrp-snapshot';
import { readStoredOrders } from '../../db/planning/derived-pegging';
import { NetChangeWriter, storeNetChange } from '../../db/planning/net-change-store';
import { query } from '../../db/sql';
import { consumeChanges, lockPendingChanges, type PendingChange } from '../../db/planning/planning-changes';
import { readStoredItems, type StoredItemRow } from '../../db/planning/stored-items';
import type { BomLookup } from '../../rules/manufacturing';
import { bomLookupOf, incrementalNetChangeLevels, stockedComponents } from '../../rules/mrp';
import {
  affectedItems,
  demandFromUnaffectedParents,
  planNetChange,
  unaffectedParents,
} from '../../rules/mrp/net-change';
import type { PlanSummary, RunSnapshot } from './calculate-plan';

/** What one net change did: the live run it re-planned (null: none in review), items re-planned, changes applied. */
export interface NetChangeResult {
  runId: number | null;
  items: number;
  changes: number;
}

const NOTHING = (runId: number | null): NetChangeResult => ({ runId, items: 0, changes: 0 });

/**
 * Applies every pending planning change to the live plan (the newest non-simulation run in review), in one
 * transaction: locks the run and the changes, re-plans the changed items and everything below them in the BOMs
 * from their fresh inputs (the run's items with their lot sizes and its BOMs; dependent demand from the parents
 * that did not change as their stored planned orders carry it), replaces their part of the stored plan with each
 * item's reasons, consumes the changes and adjusts the run's counts. Without a live plan the changes stay pending
 * (the next regenerative run reads them with its inputs and consumes them: activities/mrp/open-run.ts). Only changes
 * no run has consumed are taken (lockPendingChanges): one a newer run's snapshot read is in that run's plan, never
 * reported here again. A retry finds nothing pending and does nothing.
 */
export async function applyNetChange(em: EntityManager): Promise<NetChangeResult> {
  return em.fork().transactional(async (tx) => {
    // The snapshot's demand and supply (100,000 lines on a large company) are not read: net change reads fresh ones.
    const run = await tx.findOne(
      MrpRun,
      { status: 'review', simulation: false },
      { orderBy: { id: 'desc' }, lockMode: LockMode.PESSIMISTIC_WRITE, exclude: ['snapshot'] },
    );
    if (!run) return NOTHING(null);
    // A newer run being read or calculated will replace this plan: applying the changes here would spend them on a
    // plan about to be superseded. They wait for the newer run: its snapshot consumes the ones it read
    // (activities/mrp/open-run.ts), and on reaching review it queues a net change for the ones recorded while it
    // calculated (queueNetChangeForRun, from activities/mrp/calculate-plan.ts).
    if (await newerRunUnderway(tx, run.id)) return NOTHING(null);
    const changes = await lockPendingChanges(tx);
    if (changes.length === 0) return NOTHING(run.id);
    // Net change reads and rewrites a few hundred items' rows of tables holding hundreds of thousands, all of it in
    // the cache: PostgreSQL's default random_page_cost (4, priced for spinning disks) made it scan whole tables (the
    // planned orders, the sales-order lines) rather than follow the item indexes, several times slower.
    await tx.execute('set local random_page_cost = 1.1');
    const fromPlan = await netFromStoredPlan(tx, run, changes);
    if (fromPlan) return fromPlan;
    const snapshot = await planningStructure(tx, run.id);
    const boms = new Map(snapshot.boms.map((b) => [b.parentSku, b]));
    const bom: BomLookup = (sku) => boms.get(sku);
    // Items created after the run's snapshot are not in its plan: the next regenerative run plans them.
    const known = new Set(snapshot.items.map((item) => item.sku));
    const affected = new Set(affectedItems(new Set(changes.map((c) => c.sku)), bom).filter((sku) => known.has(sku)));
    const items = await tx.find(Item, { sku: { $in: [...affected] } }, { fields: ['id', 'sku'] });
    const idOf = new Map(items.map((item) => [item.sku, item.id]));
    const fresh = await readDemandsAndSupplies(tx, run.asOf, [...affected]);
    const parentOrders = await readStoredOrders(tx, run.id, unaffectedParents(snapshot.boms, affected));
    const plan = planNetChange(
      {
        buckets: { size: run.bucketSize, start: run.asOf, count: run.bucketCount },
        items: snapshot.items,
        bom,
        ...fresh,
      },
      affected,
      demandFromUnaffectedParents(parentOrders, bom, affected),
      false, // pegs are derived when read, never stored
    );
    const reasons = reasonsByItem(changes, bom);
    const stored = await storeNetChange(tx, run.id, plan, idOf, (sku) => reasons.get(sku) ?? 'net change');
    await consumeChanges(
      tx,
      run.id,
      changes.map((c) => c.id),
    );
    const summary = run.summary as unknown as PlanSummary;
    run.summary = {
      ...summary,
      plannedOrders: summary.plannedOrders + stored.plannedOrders,
      exceptions: summary.exceptions + stored.exceptions,
    };
    return { runId: run.id, items: plan.items.length, changes: changes.length };
  });
}

/**
 * Net change from the stored plan alone (rules/mrp planIncrementalNetChange): the changed items and everything below
 * them read with their stored grids and inputs, walking down their stored BOMs, re-netted from fresh demand and
 * supply; no recorded inputs and no unaffected parent's orders read. Null when the plan cannot do it (an item stored
 * before plans kept their items and BOMs, or a changed item the run did not plan): the caller re-plans the classic way.
 */
async function netFromStoredPlan(
  tx: EntityManager,
  run: Pick<MrpRun, 'id' | 'asOf' | 'bucketSize' | 'bucketCount' | 'summary'>,
  changes: PendingChange[],
): Promise<NetChangeResult | null> {
  const stored = new Map<string, StoredItemRow>();
  let frontier = [...new Set(changes.map((c) => c.sku))];
  for (let depth = 0; frontier.length > 0 && depth < 64; depth += 1) {
    const read = await readStoredItems(tx, run.id, run.bucketCount, frontier);
    if (!read.complete || (depth === 0 && read.items.length < frontier.length)) return null;
    for (const item of read.items) stored.set(item.sku, item);
    frontier = [
      ...new Set(read.items.flatMap((item) => stockedComponents(item.sku, bomLookupOf(item.inputs.boms)))),
    ].filter((sku) => !stored.has(sku));
  }
  const affected = [...stored.keys()].sort();
  const fresh = await readDemandsAndSupplies(tx, run.asOf, affected);
  const bucketing = { size: run.bucketSize, start: run.asOf, count: run.bucketCount };
  const bom = bomLookupOf([...stored.values()].flatMap((item) => item.inputs.boms));
  const reasons = reasonsByItem(changes, bom);
  const idOf = new Map([...stored.values()].map((item) => [item.sku, item.itemId]));
  // Only the items re-netted are rewritten: one whose inputs did not move keeps its stored grid, orders and messages.
  // Each low-level code's grids are sent as soon as it is netted, so PostgreSQL stores them while the next is netted.
  const writer = new NetChangeWriter(tx, run.id, idOf, (sku) => reasons.get(sku) ?? 'net change');
  const levels = incrementalNetChangeLevels(bucketing, [...stored.values()], fresh);
  let step = levels.next();
  while (!step.done) {
    writer.level(step.value);
    await onTheWire();
    step = levels.next();
  }
  const plan = step.value;
  const written = await writer.finish(plan);
  await consumeChanges(
    tx,
    run.id,
    changes.map((c) => c.id),
  );
  const summary = run.summary as unknown as PlanSummary;
  await tx.nativeUpdate(
    MrpRun,
    { id: run.id },
    {
      summary: {
        ...summary,
        plannedOrders: summary.plannedOrders + written.plannedOrders,
        exceptions: summary.exceptions + written.exceptions,
      },
    },
  );
  return { runId: run.id, items: plan.items.length, changes: changes.length };
}

/** Lets the statements just sent reach PostgreSQL (through the ORM's promises) before the netting takes the thread. */
function onTheWire(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

async function newerRunUnderway(em: EntityManager, runId: number): Promise<boolean> {
  const rows = await query(
    em,
    `select 1 from mrp_run where id > ? and not simulation and status in ('queued', 'calculating') limit 1`,
    [runId],
  );
  return rows.length > 0;
}

/** The run's planning items (lot sizes decided) and BOMs, as its snapshot recorded them. */
async function planningStructure(em: EntityManager, runId: number): Promise<Pick<RunSnapshot, 'items' | 'boms'>> {
  const [row] = await query<{ items: RunSnapshot['items'] | null; boms: RunSnapshot['boms'] | null }>(
    em,
    `select snapshot->'items' as items, snapshot->'boms' as boms from mrp_run where id = ?`,
    [runId],
  );
  return { items: row?.items ?? [], boms: row?.boms ?? [] };
}

/** Each affected item's reasons: every change that reaches it through the BOMs, in order, at most 200 characters. */
function reasonsByItem(changes: PendingChange[], bom: BomLookup): Map<string, string> {
  const reasons = new Map<string, string[]>();
  for (const change of changes) {
    for (const sku of affectedItems([change.sku], bom)) {
      const list = reasons.get(sku) ?? [];
      if (!list.includes(change.reason)) list.push(change.reason);
      reasons.set(sku, list);
    }
  }
  return new Map([...reasons].map(([sku, list]) => [sku, list.join('; ').slice(0, 200)]));
}
