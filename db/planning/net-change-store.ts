import type { EntityManager } from '@mikro-orm/postgresql';
import type { NetChangePlan } from '../../rules/mrp/net-change';
import type { PlannedOrder } from '../../rules/mrp';
import { MrpException, MrpItemPlan, MrpPlannedOrder } from '../entities';

/** How the stored plan's counts moved (the run summary is adjusted by them, not recounted). */
export interface StoredNetChange {
  plannedOrders: number;
  exceptions: number;
}

/**
 * Replaces the affected items' part of a stored plan with what net change calculated, in the caller's transaction:
 * their grids (each marked with its item's reason), their `suggested` planned orders (an unchanged suggestion keeps
 * its row and mark; a changed or new one is marked; approved, rejected and released ones stay as decided) and their
 * exception messages. `idOf` maps the affected items' skus to ids; `reasonOf` gives each item's reason.
 */
export async function storeNetChange(
  em: EntityManager,
  runId: number,
  plan: NetChangePlan,
  idOf: ReadonlyMap<string, number>,
  reasonOf: (sku: string) => string,
): Promise<StoredNetChange> {
  const itemIds = [...idOf.values()];
  const now = new Date();
  const grids = new Map(
    (await em.find(MrpItemPlan, { run: runId, item: { $in: itemIds } })).map((row) => [row.item.id, row]),
  );
  const suppliesOf = new Map<string, NetChangePlan['supplies']>();
  for (const supply of plan.supplies) suppliesOf.set(supply.sku, [...(suppliesOf.get(supply.sku) ?? []), supply]);
  for (const item of plan.items) {
    const id = idOf.get(item.sku);
    if (id === undefined) continue;
    const changed = { rows: item.rows, supplies: suppliesOf.get(item.sku) ?? [], changeReason: reasonOf(item.sku) };
    const grid = grids.get(id);
    if (grid) em.assign(grid, { ...changed, changedAt: now });
    else em.create(MrpItemPlan, { run: runId, item: id, lowLevelCode: item.lowLevelCode, ...changed, changedAt: now });
  }
  const plannedOrders = await replaceSuggestions(em, runId, plan.plannedOrders, idOf, reasonOf);
  const removed = await em.nativeDelete(MrpException, { run: runId, item: { $in: itemIds } });
  const exceptions = plan.exceptions.filter((e) => idOf.has(e.sku));
  for (const e of exceptions) {
    em.create(MrpException, {
      run: runId,
      item: idOf.get(e.sku)!,
      kind: e.kind,
      ref: e.ref,
      fromDate: e.fromDate,
      toDate: e.toDate,
      quantity: e.quantity,
      message: e.message.slice(0, 500),
    });
  }
  await em.flush();
  return { plannedOrders, exceptions: exceptions.length - removed };
}

/** Updates, adds and removes the affected items' suggestions; returns how many more (or fewer) orders there are. */
async function replaceSuggestions(
  em: EntityManager,
  runId: number,
  orders: PlannedOrder[],
  idOf: ReadonlyMap<string, number>,
  reasonOf: (sku: string) => string,
): Promise<number> {
  const stored = await em.find(MrpPlannedOrder, { run: runId, item: { $in: [...idOf.values()] } });
  const byRef = new Map(stored.map((order) => [order.plannedRef, order]));
  const kept = new Set<MrpPlannedOrder>();
  let delta = 0;
  for (const order of orders) {
    const id = idOf.get(order.sku);
    if (id === undefined) continue;
    const fields = {
      orderType: order.type,
      quantity: order.quantity,
      receiptDate: order.receiptDate,
      releaseDate: order.releaseDate,
      pastDue: order.pastDue,
      pegs: order.pegs,
    };
    const existing = byRef.get(order.id);
    if (existing) {
      kept.add(existing);
      // A decided suggestion under the same ref is the planner's: it stays as decided.
      if (existing.status !== 'suggested' || sameSuggestion(existing, fields)) continue;
      em.assign(existing, { ...fields, changeReason: reasonOf(order.sku) });
      continue;
    }
    em.create(MrpPlannedOrder, {
      run: runId,
      plannedRef: order.id,
      item: id,
      status: 'suggested',
      changeReason: reasonOf(order.sku),
      ...fields,
    });
    delta += 1;
  }
  for (const order of stored.filter((o) => o.status === 'suggested' && !kept.has(o))) {
    em.remove(order);
    delta -= 1;
  }
  return delta;
}

function sameSuggestion(
  stored: MrpPlannedOrder,
  fresh: Pick<MrpPlannedOrder, 'orderType' | 'quantity' | 'receiptDate' | 'releaseDate' | 'pastDue' | 'pegs'>,
): boolean {
  return (
    stored.orderType === fresh.orderType &&
    Number(stored.quantity) === fresh.quantity &&
    stored.receiptDate === fresh.receiptDate &&
    stored.releaseDate === fresh.releaseDate &&
    stored.pastDue === fresh.pastDue &&
    JSON.stringify(stored.pegs) === JSON.stringify(fresh.pegs)
  );
}
