import type { EntityManager } from '@mikro-orm/postgresql';
import { type IssueOutcome, type Layer, type ValuationMethod } from '../../rules/valuation';
import { num, query, type Step } from '../sql';

/** A valuation scope: an item, or an item in one warehouse when the item is valued per warehouse. */
export interface Scope {
  itemId: number;
  warehouseId: number | null;
  method: ValuationMethod;
}

const milli = (value: unknown) => Math.round(num(value) * 1000);
const cents = (value: unknown) => Math.round(num(value) * 100);

export interface ScopeState {
  qty: number;
  value: number;
  /** Epoch ms of the latest effective time posted into the scope (0 when none). */
  lastEffectiveAt: number;
}

/** A scope locked for this posting: its totals, and the layers an issue may consume from it. */
export interface LockedScope {
  state: ScopeState;
  layers: Layer[];
}

/** The columns millwright_lock_scope returns (see its migration). */
export interface LockedScopeRow {
  scope_quantity: unknown;
  scope_value: unknown;
  scope_last_effective_at: unknown;
  open_layers: unknown;
}

/**
 * SQL calling millwright_lock_scope (parameters from lockScopeParams): it locks the scope's valuation row, creating
 * it on first use, and returns the totals and, for an issue from FIFO layers, the open layers, read after the lock.
 * Every posting that changes a scope's value takes this lock first, which makes each scope single-writer: FIFO
 * layers are consumed by one posting at a time.
 */
export const LOCK_SCOPE_CALL = 'millwright_lock_scope(?, ?, ?)';

export function lockScopeParams(scope: Scope, forIssue: boolean): unknown[] {
  return [scope.itemId, scope.warehouseId, forIssue && scope.method === 'fifo'];
}

export async function lockScope(em: EntityManager, scope: Scope, forIssue = false): Promise<LockedScope> {
  const [row] = await query<LockedScopeRow>(em, `select * from ${LOCK_SCOPE_CALL}`, lockScopeParams(scope, forIssue));
  if (!row) throw new Error(`millwright_lock_scope returned nothing for item ${scope.itemId}`);
  return lockedScopeOf(scope, row);
}

interface LayerJson {
  id: number;
  seq: number;
  at: number;
  qty: number;
  value: number;
}

/** The locked scope as millwright_lock_scope returned it: FIFO layers, or the moving-average pool. */
export function lockedScopeOf(scope: Scope, row: LockedScopeRow): LockedScope {
  const last = row.scope_last_effective_at;
  const state: ScopeState = {
    qty: milli(row.scope_quantity),
    value: cents(row.scope_value),
    lastEffectiveAt: last ? new Date(last as string).getTime() : 0,
  };
  if (scope.method === 'moving-average') {
    const pool = state.qty > 0 || state.value > 0;
    return { state, layers: pool ? [{ id: 'pool', effectiveAt: 0, seq: 0, qty: state.qty, value: state.value }] : [] };
  }
  const layers = ((row.open_layers as LayerJson[] | null) ?? []).map((layer) => ({
    id: String(layer.id),
    effectiveAt: num(layer.at),
    seq: num(layer.seq),
    qty: milli(layer.qty),
    value: cents(layer.value),
  }));
  return { state, layers };
}

/** Records a receipt's layer (kept for moving average too, as the record of what came in at what cost). */
export function insertLayerStep(scope: Scope, moveId: number, effectiveAt: Date, qty: number, value: number): Step {
  const keeps = scope.method === 'fifo';
  return {
    name: 'layer_in',
    sql: `insert into cost_layer (item_id, warehouse_id, source_move_id, effective_at, quantity_in, value_in,
                                  quantity_remaining, value_remaining) values (?, ?, ?, ?, ?, ?, ?, ?)`,
    params: [
      scope.itemId,
      scope.warehouseId,
      moveId,
      effectiveAt,
      qty / 1000,
      value / 100,
      keeps ? qty / 1000 : 0,
      keeps ? value / 100 : 0,
    ],
  };
}

/** What an issue took: consumption rows, and (FIFO) the layers' new remainders. */
export function consumptionSteps(moveId: number, outcome: IssueOutcome): Step[] {
  if (outcome.taken.length === 0) return [];
  const slices = outcome.taken.map((taken) => ({
    layerId: taken.layerId === 'pool' ? null : Number(taken.layerId),
    qty: taken.qty / 1000,
    value: taken.value / 100,
  }));
  const steps: Step[] = [
    {
      name: 'consumed',
      sql: `insert into layer_consumption (move_id, layer_id, quantity, value)
            values ${slices.map(() => '(?, ?::int, ?::numeric, ?::numeric)').join(', ')}`,
      params: slices.flatMap((slice) => [moveId, slice.layerId, slice.qty, slice.value]),
    },
  ];
  const fromLayers = slices.filter((slice) => slice.layerId !== null);
  if (fromLayers.length === 0) return steps;
  steps.push({
    name: 'layers_left',
    sql: `update cost_layer l set quantity_remaining = l.quantity_remaining - v.qty,
                                  value_remaining = l.value_remaining - v.value
            from (values ${fromLayers.map(() => '(?::int, ?::numeric, ?::numeric)').join(', ')}) as v (id, qty, value)
           where l.id = v.id`,
    params: fromLayers.flatMap((slice) => [slice.layerId, slice.qty, slice.value]),
  });
  return steps;
}

/** Moves the scope's totals by a signed quantity (milli) and value (cents) posted at `effectiveAt`. */
export function shiftScopeStep(scope: Scope, qty: number, value: number, effectiveAt: Date): Step {
  return {
    name: 'scope_shift',
    sql: `update item_valuation set quantity = quantity + ?, value = value + ?, updated_at = now(),
                 last_effective_at = greatest(coalesce(last_effective_at, ?), ?)
           where item_id = ? and coalesce(warehouse_id, 0) = coalesce(?, 0)`,
    params: [qty / 1000, value / 100, effectiveAt, effectiveAt, scope.itemId, scope.warehouseId],
  };
}
