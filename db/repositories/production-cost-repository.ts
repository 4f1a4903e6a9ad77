import type { EntityManager } from '@mikro-orm/postgresql';
import type { ProductionCostKind } from '../entities';
import { num, query } from '../sql';

/*
 * A production order's WIP, one production_cost row per amount into (+, Dr 1400) or out of (−, Cr 1400) it, each
 * with the posting that moved it: the order's WIP is their sum, its cost so far per element the sums by kind.
 */

/** The kinds that make up the material element: issued, backflushed, returned, and their later cost corrections. */
export const MATERIAL_KINDS = ['material', 'backflush', 'return', 'material-revaluation', 'late-revaluation'] as const;

/** One amount into (+) or out of (−) the order's WIP, with the posting that moved it. */
export interface NewProductionCost {
  orderId: number;
  kind: ProductionCostKind;
  componentLineNo?: number | null;
  operationSeq?: number | null;
  quantity?: number | null;
  /** Cents, signed into WIP. */
  amountCents: number;
  journalEntryId?: number | null;
  stockMoveId?: number | null;
  reportedBy: string;
  effectiveAt: Date;
  idempotencyKey: string;
}

/**
 * Writes one cost row. `onConflict: 'skip'` makes a row whose key is already written a no-op (false returned): for
 * postings whose journal entry is found again by its key on a retry.
 */
export async function insertProductionCost(
  em: EntityManager,
  c: NewProductionCost,
  options: { onConflict?: 'skip' } = {},
): Promise<boolean> {
  const skip = options.onConflict === 'skip' ? ' on conflict (idempotency_key) do nothing' : '';
  const written = await query<{ id: number }>(
    em,
    `insert into production_cost (production_order_id, kind, component_line_no, operation_seq, quantity, amount,
                                  journal_entry_id, stock_move_id, reported_by, effective_at, idempotency_key, created_at)
     values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, now())${skip} returning id`,
    [
      c.orderId,
      c.kind,
      c.componentLineNo ?? null,
      c.operationSeq ?? null,
      c.quantity ?? null,
      c.amountCents / 100,
      c.journalEntryId ?? null,
      c.stockMoveId ?? null,
      c.reportedBy,
      c.effectiveAt,
      c.idempotencyKey,
    ],
  );
  return written.length > 0;
}

/** The order's WIP by cost kind, in cents (`conversionRelieved`: completions' labour and overhead part, negative). */
export async function wipByKind(em: EntityManager, orderId: number): Promise<Map<string, number>> {
  const rows = await query<{ kind: string; conversion: boolean; cents: string }>(
    em,
    `select kind, kind = 'completion' and component_line_no is null as conversion, round(sum(amount) * 100) as cents
       from production_cost where production_order_id = ? group by 1, 2`,
    [orderId],
  );
  const byKind = new Map<string, number>();
  for (const r of rows) {
    const key = r.conversion ? 'conversionRelieved' : r.kind;
    byKind.set(key, (byKind.get(key) ?? 0) + num(r.cents));
  }
  return byKind;
}

/**
 * Every issue move (kit or backflush) of the order still in WIP, for a cancellation to return, at what it cost the
 * order: its issued value plus any later correction of that move (`material-revaluation`), so the goods go back to
 * stock at their corrected cost.
 */
export async function issuedMoves(
  em: EntityManager,
  orderId: number,
): Promise<
  Array<{
    lineNo: number;
    moveId: number;
    quantity: number;
    cents: number;
    sku: string;
    location: string;
    lotCode: string | null;
    status: string;
  }>
> {
  const rows = await query<Record<string, unknown>>(
    em,
    `select c.component_line_no, c.stock_move_id, m.quantity, i.sku,
            round((c.amount + coalesce((select sum(r.amount) from production_cost r
                                         where r.production_order_id = c.production_order_id
                                           and r.stock_move_id = c.stock_move_id
                                           and r.kind = 'material-revaluation'), 0)) * 100) as cents,
            l.code as location, lot.code as lot_code, m.from_status
       from production_cost c
       join stock_move m on m.id = c.stock_move_id
       join item i on i.id = m.item_id
       join location l on l.id = m.from_location_id
       left join lot on lot.id = m.lot_id
      where c.production_order_id = ? and c.kind in ('material', 'backflush')
      order by c.id`,
    [orderId],
  );
  return rows.map((r) => ({
    lineNo: num(r.component_line_no),
    moveId: num(r.stock_move_id),
    quantity: num(r.quantity),
    cents: num(r.cents),
    sku: String(r.sku),
    location: String(r.location),
    lotCode: r.lot_code === null ? null : String(r.lot_code),
    status: String(r.from_status),
  }));
}

/** The order's cost so far per element, in currency units (the contract's ProductionCost). */
export async function productionCost(em: EntityManager, orderId: number) {
  const wip = await wipByKind(em, orderId);
  const cents = (kind: string) => wip.get(kind) ?? 0;
  // Relieved and sent-away amounts are negative in WIP: shown as positive figures (never as -0).
  const out = (value: number) => (value === 0 ? 0 : -value / 100);
  const all = [...wip.values()].reduce((sum, value) => sum + value, 0);
  return {
    material: MATERIAL_KINDS.reduce((sum, kind) => sum + cents(kind), 0) / 100,
    labour: cents('labour') / 100,
    overhead: cents('overhead') / 100,
    completed: out(cents('completion') + cents('conversionRelieved')),
    variance: out(cents('variance')),
    wip: all / 100,
  };
}
