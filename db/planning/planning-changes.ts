import type { EntityManager } from '@mikro-orm/postgresql';
import { enqueueProcessStart } from '../repositories/process-start-repository';
import { num, query } from '../sql';
import { OPEN_SUBCONTRACT_STATUSES } from './mrp-snapshot';

/** The process net change runs as (`mrp-net-change:<first change id>`), one per recorded change. */
export const MRP_NET_CHANGE = 'mrp-net-change';
/** The worker's queue when the document's own process is not found (the platform's default queue). */
const DEFAULT_TASK_QUEUE = 'millwright';

/** A change to planning's inputs, recorded in the transaction that makes it. */
export interface PlanningChange {
  /** The items whose demand or supply changed (duplicates and unknown ids are dropped). */
  itemIds: number[];
  /** Shown beside what net change re-planned: `sales order SO-000123 placed`, `receipt on PO-000045`. */
  reason: string;
  documentRef: string;
  requestedBy: string;
  /** The queue the net change runs on: given, or the queue of the document's own process (its workflow id). */
  taskQueue: string | { sameAs: string };
}

/** A change not yet folded into a plan, as net change takes it. */
export interface PendingChange {
  id: number;
  itemId: number;
  sku: string;
  reason: string;
}

/**
 * Records that items' planning inputs changed (mrp_pending_change) IN THE CALLER'S TRANSACTION, so the change and its
 * record commit together, and queues the net-change process with them (the outbox relay starts it after the
 * commit). Returns the first change's id; null when no item was given.
 */
export async function recordPlanningChange(em: EntityManager, change: PlanningChange): Promise<number | null> {
  const itemIds = [...new Set(change.itemIds)].sort((a, b) => a - b);
  if (itemIds.length === 0) return null;
  const rows = await query<{ id: number }>(
    em,
    `insert into mrp_pending_change (item_id, reason, document_ref, created_at)
     select id, ?, ?, now() from item where id in (?) order by id returning id`,
    [change.reason.slice(0, 200), change.documentRef.slice(0, 60), itemIds],
  );
  const first = rows.map((row) => num(row.id)).sort((a, b) => a - b)[0];
  if (first === undefined) return null;
  const taskQueue =
    typeof change.taskQueue === 'string' ? change.taskQueue : await queueOf(em, change.taskQueue.sameAs);
  await enqueueProcessStart(em, {
    workflowId: `${MRP_NET_CHANGE}:${first}`,
    workflowType: 'mrpNetChange',
    processType: MRP_NET_CHANGE,
    businessKey: `MRP-NC-${first}`,
    taskQueue,
    args: [{ changeId: first, reason: change.reason.slice(0, 200) }],
    requestedBy: change.requestedBy,
  });
  return first;
}

/**
 * For a run reaching review: when changes are still pending (recorded after its inputs were read, while it
 * calculated), queues a net change (`mrp-net-change:run-<id>`) in the caller's transaction so they reach its plan.
 * Returns whether it queued one.
 */
export async function queueNetChangeForRun(
  em: EntityManager,
  runId: number,
  start: { requestedBy: string; taskQueue: string },
): Promise<boolean> {
  const [first] = await query<{ id: number; reason: string }>(
    em,
    'select id, reason from mrp_pending_change where consumed_by_run_id is null order by id limit 1',
  );
  if (!first) return false;
  await enqueueProcessStart(em, {
    workflowId: `${MRP_NET_CHANGE}:run-${runId}`,
    workflowType: 'mrpNetChange',
    processType: MRP_NET_CHANGE,
    businessKey: `MRP-NC-${num(first.id)}`,
    taskQueue: start.taskQueue,
    args: [{ changeId: num(first.id), reason: first.reason }],
    requestedBy: start.requestedBy,
  });
  return true;
}

/** The sales-order lines' items, for the changes of an order (placed, changed, cancelled). */
export async function orderItemIds(em: EntityManager, orderNumber: string): Promise<number[]> {
  const rows = await query<{ item_id: number }>(
    em,
    `select distinct l.item_id from sales_order_line l join sales_order o on o.id = l.order_id
      where o.order_number = ?`,
    [orderNumber],
  );
  return rows.map((row) => num(row.item_id));
}

/**
 * Records a change of a subcontract order's planning inputs (db/planning/mrp-snapshot.ts reads its finished goods as
 * supply and its own unsent components as demand) in the caller's transaction: `itemIds` given, those; else the
 * finished item and every component we provide. Documented by the order's number; its net change runs on the queue of
 * the order's own process.
 */
export async function recordSubcontractChange(
  em: EntityManager,
  change: { orderNumber: string; workflowId: string; reason: string; requestedBy: string; itemIds?: number[] },
): Promise<number | null> {
  return recordPlanningChange(em, {
    itemIds: change.itemIds ?? (await subcontractItemIds(em, change.orderNumber)),
    reason: change.reason,
    documentRef: change.orderNumber,
    requestedBy: change.requestedBy,
    taskQueue: { sameAs: change.workflowId },
  });
}

/**
 * Whether planning reads a subcontract order in this state (db/planning/mrp-snapshot.ts OPEN_SUBCONTRACT): approved,
 * at the supplier, partly received, or a draft an MRP release wrote. A hand-made draft is not read until approved.
 */
export function subcontractIsPlanned(order: { status: string; plannedRef: string | null }): boolean {
  if (order.status === 'draft') return order.plannedRef !== null;
  return (OPEN_SUBCONTRACT_STATUSES as readonly string[]).includes(order.status);
}

/** A subcontract order's finished item and the components we provide (the ones planning reads). */
async function subcontractItemIds(em: EntityManager, orderNumber: string): Promise<number[]> {
  const rows = await query<{ item_id: number }>(
    em,
    `select o.item_id from subcontract_order o where o.order_number = ?
     union
     select c.item_id from subcontract_order_component c join subcontract_order o on o.id = c.order_id
      where o.order_number = ? and c.provision = 'ours'`,
    [orderNumber, orderNumber],
  );
  return rows.map((row) => num(row.item_id));
}

/** Items by sku (a receipt names its lines' skus). */
export async function itemIdsOf(em: EntityManager, skus: string[]): Promise<number[]> {
  if (skus.length === 0) return [];
  const rows = await query<{ id: number }>(em, 'select id from item where sku in (?)', [[...new Set(skus)]]);
  return rows.map((row) => num(row.id));
}

/**
 * Locks every pending change (`for update skip locked`: a change another net change holds is its to apply) in the
 * caller's transaction, oldest first.
 */
export async function lockPendingChanges(em: EntityManager): Promise<PendingChange[]> {
  const rows = await query<Record<string, unknown>>(
    em,
    `select c.id, c.item_id, i.sku, c.reason
       from mrp_pending_change c join item i on i.id = c.item_id
      where c.consumed_by_run_id is null
      order by c.id
      for update of c skip locked`,
  );
  return rows.map((r) => ({ id: num(r.id), itemId: num(r.item_id), sku: String(r.sku), reason: String(r.reason) }));
}

/** Marks changes as folded into a run's plan. */
export async function consumeChanges(em: EntityManager, runId: number, changeIds: number[]): Promise<void> {
  if (changeIds.length === 0) return;
  await query(em, `update mrp_pending_change set consumed_by_run_id = ?, consumed_at = now() where id in (?)`, [
    runId,
    changeIds,
  ]);
}

/**
 * For a regenerative run's snapshot step, inside the transaction that reads its inputs: the changes that
 * transaction sees are in those inputs, so the run consumes them ({@link consumeChanges}); a change committed after
 * it was read stays pending for net change.
 */
export async function visiblePendingChangeIds(em: EntityManager): Promise<number[]> {
  const rows = await query<{ id: number }>(em, 'select id from mrp_pending_change where consumed_by_run_id is null');
  return rows.map((row) => num(row.id));
}

async function queueOf(em: EntityManager, workflowId: string): Promise<string> {
  const [row] = await query<{ task_queue: string }>(
    em,
    'select task_queue from process_start_outbox where workflow_id = ?',
    [workflowId],
  );
  return row?.task_queue ?? DEFAULT_TASK_QUEUE;
}
