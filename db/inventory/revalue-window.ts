import type { EntityManager } from '@mikro-orm/postgresql';
import type { Layer, ValuationEvent } from '../../rules/valuation';
import { companyTimeZone } from '../accounting/periods';
import { BooksError } from '../errors';
import { num, query } from '../sql';
import { offsetAccountOf } from './move-types';
import { replayOwnLayersFirst } from './own-layer';
import { addDifference, type PeriodDifferences } from './revalue-booking';
import type { Scope } from './valuation-store';

const milli = (value: unknown) => Math.round(num(value) * 1000);
const cents = (value: unknown) => Math.round(num(value) * 100);
const time = (value: unknown) => new Date(value as string).getTime();
export const SCOPE_FILTER = 'item_id = ? and coalesce(warehouse_id, 0) = coalesce(?, 0)';
/**
 * The scope's issues, on stock_move `m` (parameters from outScope): the item's moves out of the scope's warehouse
 * when it is valued per warehouse. Moving-average issues record no layer, so the move's own location decides.
 */
const OUT_FILTER = `m.item_id = ? and (?::int is null or exists (
  select 1 from location fl where fl.id = m.from_location_id and fl.warehouse_id = ?))`;
const outScope = (scope: Scope) => [scope.itemId, scope.warehouseId, scope.warehouseId];

/** Where a chunked replay stopped: the last event it applied, in (effective time, posting sequence) order. */
export interface Cursor {
  effectiveAt: number;
  seq: number;
}

export const START: Cursor = { effectiveAt: -8.64e15, seq: -1 };

/** Layers as they stood at the start of the open window: received before it, minus what was taken before it. */
export async function openingLayers(em: EntityManager, scope: Scope, windowStart: Date): Promise<Layer[]> {
  if (scope.method === 'moving-average') {
    const [row] = await query<{ qty: string; value: string }>(
      em,
      `select (select coalesce(sum(quantity_in), 0) from cost_layer where ${SCOPE_FILTER} and effective_at < ?)
            - (select coalesce(sum(c.quantity), 0) from layer_consumption c join stock_move m on m.id = c.move_id
                where c.layer_id is null and ${OUT_FILTER} and m.effective_at < ?) as qty,
              (select coalesce(sum(value_in), 0) from cost_layer where ${SCOPE_FILTER} and effective_at < ?)
            - (select coalesce(sum(c.value), 0) from layer_consumption c join stock_move m on m.id = c.move_id
                where c.layer_id is null and ${OUT_FILTER} and m.effective_at < ?) as value`,
      [
        scope.itemId,
        scope.warehouseId,
        windowStart,
        ...outScope(scope),
        windowStart,
        scope.itemId,
        scope.warehouseId,
        windowStart,
        ...outScope(scope),
        windowStart,
      ],
    );
    const qty = milli(row?.qty);
    return qty > 0 ? [{ id: 'pool', effectiveAt: 0, seq: 0, qty, value: cents(row?.value) }] : [];
  }
  const rows = await query<Record<string, unknown>>(
    em,
    `select l.id, l.source_move_id, l.effective_at,
            l.quantity_in - coalesce(sum(c.quantity) filter (where m.effective_at < ?), 0) as qty,
            l.value_in - coalesce(sum(c.value) filter (where m.effective_at < ?), 0) as value
       from cost_layer l left join layer_consumption c on c.layer_id = l.id left join stock_move m on m.id = c.move_id
      where l.item_id = ? and coalesce(l.warehouse_id, 0) = coalesce(?, 0) and l.effective_at < ?
      group by l.id`,
    [windowStart, windowStart, scope.itemId, scope.warehouseId, windowStart],
  );
  return rows
    .map((r) => ({
      id: `in:${String(r.id)}`,
      effectiveAt: time(r.effective_at),
      seq: num(r.source_move_id),
      qty: milli(r.qty),
      value: cents(r.value),
    }))
    .filter((layer) => layer.qty > 0);
}

interface OutRow {
  id: number;
  moveType: string;
  hasTo: boolean;
  recordedValue: number;
  /** The account the issue booked its cost against (stored on the move), or null for moves before it was stored. */
  offsetAccount: string | null;
  effectiveAt: number;
  /** The receipt move whose layer the posting took first (stock_move.from_layer_of_move_id), or null. */
  fromLayerOfMove: number | null;
}

/** The next `limit` receipts and issues of the scope after `cursor` (inside the window), in effective order. */
export async function nextEvents(
  em: EntityManager,
  scope: Scope,
  windowStart: Date,
  cursor: Cursor,
  limit: number,
): Promise<{ events: ValuationEvent[]; outs: Map<string, OutRow> }> {
  const rows = await query<Record<string, unknown>>(
    em,
    `select * from (
       select 'in' as kind, l.id, l.source_move_id as seq, l.effective_at, l.quantity_in as qty, l.value_in as value,
              null as move_type, false as has_to, null as offset_account, null::int as from_layer_of_move_id
         from cost_layer l where l.item_id = ? and coalesce(l.warehouse_id, 0) = coalesce(?, 0) and l.effective_at >= ?
       union all
       select 'out', m.id, m.id, m.effective_at, m.quantity, sum(c.value), m.move_type, m.to_location_id is not null,
              m.offset_account, m.from_layer_of_move_id
         from stock_move m join layer_consumption c on c.move_id = m.id
        where ${OUT_FILTER} and m.effective_at >= ?
        group by m.id) e
      where (floor(extract(epoch from e.effective_at) * 1000), e.seq) > (?, ?)
      order by floor(extract(epoch from e.effective_at) * 1000), e.seq limit ?`,
    [
      scope.itemId,
      scope.warehouseId,
      windowStart,
      ...outScope(scope),
      windowStart,
      cursor.effectiveAt,
      cursor.seq,
      limit,
    ],
  );
  const outs = new Map<string, OutRow>();
  const events = rows.map((r): ValuationEvent => {
    const base = { effectiveAt: time(r.effective_at), seq: num(r.seq), qty: milli(r.qty) };
    if (r.kind === 'in') return { id: `in:${String(r.id)}`, kind: 'in', ...base, value: cents(r.value) };
    const id = `out:${String(r.id)}`;
    outs.set(id, {
      id: num(r.id),
      moveType: String(r.move_type),
      hasTo: Boolean(r.has_to),
      recordedValue: cents(r.value),
      offsetAccount: r.offset_account === null ? null : String(r.offset_account),
      effectiveAt: base.effectiveAt,
      fromLayerOfMove: r.from_layer_of_move_id === null ? null : num(r.from_layer_of_move_id),
    });
    return { id, kind: 'out', ...base };
  });
  return { events, outs };
}

/** A transfer between valued warehouses whose cost changed: what it now carries into its destination. */
export interface CarriedTransfer {
  moveId: number;
  cents: number;
}

/**
 * Replays one run of events on top of `layers` and rewrites the consumption of every issue whose cost changed.
 * Returns each changed issue's cost difference by the issue's period and its own stored account (the caller books
 * them, see bookDifferences). A re-costed transfer between valued warehouses books nothing: its cost moves from one
 * Inventory scope to another, so it is returned as `carried` for the caller to take into the destination
 * (carryTransfers). Returns the layers after the run.
 */
export async function applyEvents(
  em: EntityManager,
  scope: Scope,
  layers: Layer[],
  batch: { events: ValuationEvent[]; outs: Map<string, OutRow> },
): Promise<{ layers: Layer[]; changed: number; carried: CarriedTransfer[]; differences: PeriodDifferences }> {
  let result: ReturnType<typeof replayOwnLayersFirst>;
  // An issue that took its own receipt's layer when posted takes it again here (see takeOwnLayerFirst).
  const sources = new Map<string, number>();
  for (const [id, out] of batch.outs) if (out.fromLayerOfMove !== null) sources.set(id, out.fromLayerOfMove);
  try {
    result = replayOwnLayersFirst(scope.method, layers, batch.events, sources);
  } catch (error) {
    throw new BooksError(
      'INSUFFICIENT_STOCK',
      `The backdated posting leaves too little stock at an earlier time: ${String(error)}`,
      'effectiveAt',
    );
  }
  const differences: PeriodDifferences = {};
  const timeZone = await companyTimeZone(em);
  const carried: CarriedTransfer[] = [];
  let changed = 0;
  for (const [id, out] of batch.outs) {
    const outcome = result.issues.get(id);
    if (!outcome || outcome.value === out.recordedValue) continue;
    changed += 1;
    await query(em, 'delete from layer_consumption where move_id = ?', [out.id]);
    for (const taken of outcome.taken) {
      const layerId = taken.layerId.startsWith('in:') ? Number(taken.layerId.slice(3)) : null;
      await query(em, 'insert into layer_consumption (move_id, layer_id, quantity, value) values (?, ?, ?, ?)', [
        out.id,
        layerId,
        taken.qty / 1000,
        taken.value / 100,
      ]);
    }
    // Only a transfer between valuation scopes records consumption: one within a scope moves no value.
    if (out.moveType === 'transfer') {
      carried.push({ moveId: out.id, cents: outcome.value });
      continue;
    }
    const account = out.offsetAccount ?? offsetAccountOf(out.moveType, out.hasTo);
    const difference = outcome.value - out.recordedValue;
    // A production issue's difference follows the goods into its order (booked by bookDifferences, see
    // revalue-production): its account depends on whether the order is still open when it is booked.
    const productionMoveId = out.moveType === 'production-issue' ? out.id : undefined;
    addDifference(differences, { at: out.effectiveAt, account, cents: difference, productionMoveId }, timeZone);
  }
  return { layers: result.layers, changed, carried, differences };
}

/** Sets every FIFO layer of the scope to what the replay left of it, and the scope's totals to match. */
export async function writeClosingLayers(em: EntityManager, scope: Scope, closing: Layer[]): Promise<void> {
  if (scope.method === 'fifo') {
    await query(
      em,
      `update cost_layer set quantity_remaining = 0, value_remaining = 0 where ${SCOPE_FILTER} and quantity_remaining > 0`,
      [scope.itemId, scope.warehouseId],
    );
    for (const layer of closing) {
      await query(em, 'update cost_layer set quantity_remaining = ?, value_remaining = ? where id = ?', [
        layer.qty / 1000,
        layer.value / 100,
        Number(layer.id.slice(3)),
      ]);
    }
  }
  const qty = closing.reduce((sum, layer) => sum + layer.qty, 0);
  const value = closing.reduce((sum, layer) => sum + layer.value, 0);
  await query(em, `update item_valuation set quantity = ?, value = ?, updated_at = now() where ${SCOPE_FILTER}`, [
    qty / 1000,
    value / 100,
    scope.itemId,
    scope.warehouseId,
  ]);
}

/** How many valued postings of the scope lie at or after `from`: the size of a re-valuation. */
export async function eventsAfter(em: EntityManager, scope: Scope, from: Date): Promise<number> {
  const [row] = await query<{ n: string }>(
    em,
    `select (select count(*) from cost_layer where ${SCOPE_FILTER} and effective_at >= ?)
          + (select count(distinct c.move_id) from layer_consumption c join stock_move m on m.id = c.move_id
              where ${OUT_FILTER} and m.effective_at >= ?) as n`,
    [scope.itemId, scope.warehouseId, from, ...outScope(scope), from],
  );
  return num(row?.n);
}
