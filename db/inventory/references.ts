import type { EntityManager } from '@mikro-orm/postgresql';
import { BooksError } from '../errors';
import { num, query } from '../sql';

export interface ItemRef {
  id: number;
  sku: string;
  lotTracked: boolean;
  allowNegativeStock: boolean;
  valuationMethod: 'fifo' | 'moving-average';
  valuedPerWarehouse: boolean;
}

export interface LocationRef {
  id: number;
  code: string;
  warehouseId: number;
  virtual: boolean;
}

export async function findItem(em: EntityManager, sku: string, field = 'itemSku'): Promise<ItemRef> {
  const [row] = await query<Record<string, unknown>>(
    em,
    'select id, sku, lot_tracked, allow_negative_stock, valuation_method, valued_per_warehouse from item where sku = ?',
    [sku],
  );
  if (!row) throw new BooksError('UNKNOWN_ITEM', `No item ${sku}`, field);
  return {
    id: num(row.id),
    sku: String(row.sku),
    lotTracked: Boolean(row.lot_tracked),
    allowNegativeStock: Boolean(row.allow_negative_stock),
    valuationMethod: row.valuation_method === 'moving-average' ? 'moving-average' : 'fifo',
    valuedPerWarehouse: Boolean(row.valued_per_warehouse),
  };
}

export async function findLocation(em: EntityManager, code: string, field: string): Promise<LocationRef> {
  const [row] = await query<Record<string, unknown>>(
    em,
    'select l.id, l.code, l.warehouse_id, w.virtual from location l join warehouse w on w.id = l.warehouse_id where l.code = ?',
    [code],
  );
  if (!row) throw new BooksError('UNKNOWN_LOCATION', `No location ${code}`, field);
  return { id: num(row.id), code: String(row.code), warehouseId: num(row.warehouse_id), virtual: Boolean(row.virtual) };
}

export interface LotInput {
  code: string;
  manufacturedOn?: string;
  expiresOn?: string | null;
}

/**
 * The lot a move names: receipts create it (with its dates) the first time; every other move needs it to
 * exist. Items that are not lot-tracked carry no lot.
 */
export async function resolveLot(
  em: EntityManager,
  item: ItemRef,
  lot: LotInput | null | undefined,
  creates: boolean,
  receivedAt: Date,
): Promise<number | null> {
  if (!item.lotTracked) return null;
  if (!lot?.code) throw new BooksError('UNKNOWN_LOT', `Item ${item.sku} is lot-tracked: name the lot`, 'lot.code');
  const [existing] = await query<{ id: number }>(em, 'select id from lot where item_id = ? and code = ?', [
    item.id,
    lot.code,
  ]);
  if (existing) return num(existing.id);
  if (!creates) throw new BooksError('UNKNOWN_LOT', `Item ${item.sku} has no lot ${lot.code}`, 'lot.code');
  const manufacturedOn = lot.manufacturedOn ?? receivedAt.toISOString().slice(0, 10);
  const [created] = await query<{ id: number }>(
    em,
    `insert into lot (item_id, code, manufactured_on, expires_on, received_at) values (?, ?, ?, ?, ?)
     on conflict (item_id, code) do update set code = excluded.code returning id`,
    [item.id, lot.code, manufacturedOn, lot.expiresOn ?? null, receivedAt],
  );
  return num(created?.id);
}
