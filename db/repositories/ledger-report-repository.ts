import type { EntityManager } from '@mikro-orm/postgresql';
import { num, query } from '../sql';

export interface LedgerItem {
  id: number;
  sku: string;
  name: string;
  uom: string;
  valuationMethod: string;
}

export async function findLedgerItem(em: EntityManager, sku: string): Promise<LedgerItem | null> {
  const [row] = await query<Record<string, unknown>>(
    em,
    'select id, sku, name, uom, valuation_method from item where sku = ?',
    [sku],
  );
  if (!row) return null;
  return {
    id: num(row.id),
    sku: String(row.sku),
    name: String(row.name),
    uom: String(row.uom),
    valuationMethod: String(row.valuation_method),
  };
}

/** A move's effect on the item's total on hand: receipts add, issues take, transfers and status changes net to 0. */
export const SIGNED_QUANTITY = `case when m.to_location_id is not null and m.from_location_id is null then m.quantity
                              when m.from_location_id is not null and m.to_location_id is null then -m.quantity
                              else 0 end`;
