import { raw, type EntityManager } from '@mikro-orm/postgresql';
import { Item, ItemSupplier, StockBalance, StockMove } from '../entities';
import { num } from '../sql';

/** Items by SKU with their unit conversions loaded (for the master-data API). */
export async function findItemBySku(em: EntityManager, sku: string): Promise<Item | null> {
  return em.findOne(Item, { sku }, { populate: ['unitConversions'] });
}

/** Whether any stock move names the item: its valuation-changing fields are then frozen. */
export async function itemHasMoves(em: EntityManager, item: Item): Promise<boolean> {
  if (item.id === undefined) return false;
  const [row] = await em.createQueryBuilder(StockMove, 'm').select('m.id').where({ item: item.id }).limit(1).execute();
  return row !== undefined;
}

/** Ids of those items that have stock moves, in one query. */
export async function itemsWithMoves(em: EntityManager, itemIds: number[]): Promise<Set<number>> {
  if (itemIds.length === 0) return new Set();
  const rows = await em
    .createQueryBuilder(StockMove, 'm')
    .select('m.item_id as item_id', true)
    .where({ item: { $in: itemIds } })
    .execute<Array<{ item_id: number }>>('all', false);
  return new Set(rows.map((row) => num(row.item_id)));
}

/** Free available stock (available status, less reservations) per item id, over every warehouse. */
export async function availableByItem(em: EntityManager, itemIds: number[]): Promise<Map<number, number>> {
  if (itemIds.length === 0) return new Map();
  const rows = await em
    .createQueryBuilder(StockBalance, 'b')
    .select(['b.item_id as item_id', raw('sum(b.quantity - b.reserved_quantity) as available')])
    .where({ item: { $in: itemIds }, status: 'available' })
    .groupBy('b.item_id')
    .execute<Array<{ item_id: number; available: string }>>('all', false);
  return new Map(rows.map((row) => [num(row.item_id), num(row.available)]));
}

/** The supplier records of an item, preferred first. */
export async function itemSuppliers(em: EntityManager, item: Item): Promise<ItemSupplier[]> {
  return em.find(ItemSupplier, { item }, { populate: ['supplier'], orderBy: [{ preferred: 'desc' }, { id: 'asc' }] });
}
