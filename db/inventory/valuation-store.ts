import type { EntityManager } from '@mikro-orm/postgresql';
import { type IssueOutcome, type Layer, type ValuationMethod } from '../../rules/valuation';
import { num, query } from '../sql';

/** A valuation scope: an item, or an item in one warehouse when the item is valued per warehouse. */
export interface Scope {
  itemId: number;
  warehouseId: number | null;
  method: ValuationMethod;
}

const milli = (value: unknown) => Math.round(num(value) * 1000);
const cents = (value: unknown) => Math.round(num(value) * 100);

/**
 * Locks the scope's valuation row (creating it on first use). Every posting that changes a scope's value takes
 * this lock first, which makes each scope single-writer: FIFO layers are consumed by one posting at a time.
 */
export interface ScopeState {
  qty: number;
  value: number;
  /** Epoch ms of the latest effective time posted into the scope (0 when none). */
  lastEffectiveAt: number;
}

export async function lockScope(em: EntityManager, scope: Scope): Promise<ScopeState> {
  const lock = `select quantity, value, last_effective_at from item_valuation
                 where item_id = ? and coalesce(warehouse_id, 0) = coalesce(?, 0) for update`;
  let [row] = await query<{ quantity: string; value: string; last_effective_at: string | null }>(em, lock, [
    scope.itemId,
    scope.warehouseId,
  ]);
  if (!row) {
    await query(
      em,
      `insert into item_valuation (item_id, warehouse_id, quantity, value, updated_at) values (?, ?, 0, 0, now())
       on conflict (item_id, coalesce(warehouse_id, 0)) do nothing`,
      [scope.itemId, scope.warehouseId],
    );
    [row] = await query<{ quantity: string; value: string; last_effective_at: string | null }>(em, lock, [
      scope.itemId,
      scope.warehouseId,
    ]);
  }
  const last = row?.last_effective_at ? new Date(row.last_effective_at).getTime() : 0;
  return { qty: milli(row?.quantity), value: cents(row?.value), lastEffectiveAt: last };
}

/** The layers an issue may consume: FIFO layers with something left, or the moving-average pool. */
export async function currentLayers(
  em: EntityManager,
  scope: Scope,
  pool: { qty: number; value: number },
): Promise<Layer[]> {
  if (scope.method === 'moving-average') {
    return pool.qty > 0 || pool.value > 0
      ? [{ id: 'pool', effectiveAt: 0, seq: 0, qty: pool.qty, value: pool.value }]
      : [];
  }
  const rows = await query<Record<string, unknown>>(
    em,
    `select id, source_move_id, effective_at, quantity_remaining, value_remaining from cost_layer
      where item_id = ? and coalesce(warehouse_id, 0) = coalesce(?, 0) and quantity_remaining > 0
      order by effective_at, source_move_id`,
    [scope.itemId, scope.warehouseId],
  );
  return rows.map((row) => ({
    id: String(row.id),
    effectiveAt: new Date(row.effective_at as string).getTime(),
    seq: num(row.source_move_id),
    qty: milli(row.quantity_remaining),
    value: cents(row.value_remaining),
  }));
}

/** Records a receipt's layer (kept for moving average too, as the record of what came in at what cost). */
export async function insertLayer(
  em: EntityManager,
  scope: Scope,
  moveId: number,
  effectiveAt: Date,
  qty: number,
  value: number,
): Promise<void> {
  const keeps = scope.method === 'fifo';
  await query(
    em,
    `insert into cost_layer (item_id, warehouse_id, source_move_id, effective_at, quantity_in, value_in,
                             quantity_remaining, value_remaining) values (?, ?, ?, ?, ?, ?, ?, ?)`,
    [
      scope.itemId,
      scope.warehouseId,
      moveId,
      effectiveAt,
      qty / 1000,
      value / 100,
      keeps ? qty / 1000 : 0,
      keeps ? value / 100 : 0,
    ],
  );
}

/** Writes what an issue took: consumption rows, and (FIFO) the layers' new remainders. */
export async function recordConsumption(em: EntityManager, moveId: number, outcome: IssueOutcome): Promise<void> {
  for (const taken of outcome.taken) {
    const layerId = taken.layerId === 'pool' ? null : Number(taken.layerId);
    await query(em, 'insert into layer_consumption (move_id, layer_id, quantity, value) values (?, ?, ?, ?)', [
      moveId,
      layerId,
      taken.qty / 1000,
      taken.value / 100,
    ]);
    if (layerId === null) continue;
    await query(
      em,
      'update cost_layer set quantity_remaining = quantity_remaining - ?, value_remaining = value_remaining - ? where id = ?',
      [taken.qty / 1000, taken.value / 100, layerId],
    );
  }
}

/** Moves the scope's totals by a signed quantity (milli) and value (cents) posted at `effectiveAt`. */
export async function shiftScope(
  em: EntityManager,
  scope: Scope,
  qty: number,
  value: number,
  effectiveAt: Date,
): Promise<void> {
  await query(
    em,
    `update item_valuation set quantity = quantity + ?, value = value + ?, updated_at = now(),
            last_effective_at = greatest(coalesce(last_effective_at, ?), ?)
      where item_id = ? and coalesce(warehouse_id, 0) = coalesce(?, 0)`,
    [qty / 1000, value / 100, effectiveAt, effectiveAt, scope.itemId, scope.warehouseId],
  );
}
