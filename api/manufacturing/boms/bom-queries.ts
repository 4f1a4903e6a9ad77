import type { EntityManager } from '@mikro-orm/postgresql';
import { Bom, BomLine, Item } from '../../../db/entities';
import { query } from '../../../db/sql';

/**
 * The reads BOM writes and explosions share. Every BOM write holds one transaction-level advisory lock, so two
 * writers cannot each pass the cycle check with half of a cycle (A -> B here, B -> A there), nor take the same
 * version number. BOM writes are rare master-data edits: one lock for all of them costs nothing measurable.
 */
export async function lockBomWrites(em: EntityManager): Promise<void> {
  await query(em, `select pg_advisory_xact_lock(hashtext('millwright:bom'))`);
}

/** Items by SKU (only those that exist). */
export async function itemsBySku(em: EntityManager, skus: Iterable<string>): Promise<Map<string, Item>> {
  const unique = [...new Set(skus)];
  if (unique.length === 0) return new Map();
  const items = await em.find(Item, { sku: { $in: unique } });
  return new Map(items.map((item) => [item.sku, item]));
}

/** Every parent -> component edge of every BOM version (the cycle check's graph), as SKUs. */
export async function allBomEdges(em: EntityManager): Promise<Array<{ parent: string; component: string }>> {
  const rows = await em
    .createQueryBuilder(BomLine, 'l')
    .select(['p.sku as parent', 'c.sku as component'], true)
    .join('l.bom', 'b')
    .join('b.item', 'p')
    .join('l.component', 'c')
    .execute<Array<{ parent: string; component: string }>>('all', false);
  return rows.map((row) => ({ parent: String(row.parent), component: String(row.component) }));
}

/** The next version number per parent item id (1 for an item without BOMs). */
export async function nextVersions(em: EntityManager, itemIds: number[]): Promise<Map<number, number>> {
  const next = new Map(itemIds.map((id) => [id, 1]));
  if (itemIds.length === 0) return next;
  // Versions per item are few: reading their numbers beats an aggregate the QueryBuilder would need raw SQL for.
  const boms = await em.find(Bom, { item: { $in: itemIds } }, { fields: ['item', 'version'] });
  for (const bom of boms) next.set(bom.item.id, Math.max(next.get(bom.item.id) ?? 1, bom.version + 1));
  return next;
}

/**
 * The version effective on `date` for each item: the greatest effectiveFrom <= date, ties to the higher version.
 * Items without one are absent. With `lines`, each version's lines and their components are loaded too.
 */
export async function effectiveBoms(
  em: EntityManager,
  itemIds: number[],
  date: string,
  lines = true,
): Promise<Map<number, Bom>> {
  if (itemIds.length === 0) return new Map();
  const candidates = await em.find(
    Bom,
    { item: { $in: [...new Set(itemIds)] }, effectiveFrom: { $lte: date } },
    { orderBy: [{ item: 'asc' }, { effectiveFrom: 'desc' }, { version: 'desc' }], populate: ['item'] },
  );
  const chosen = new Map<number, Bom>();
  for (const bom of candidates) if (!chosen.has(bom.item.id)) chosen.set(bom.item.id, bom);
  if (lines && chosen.size > 0) await em.populate([...chosen.values()], ['lines.component']);
  return chosen;
}

/** Every version of an item, newest first, with lines. */
export async function bomVersions(em: EntityManager, item: Item): Promise<Bom[]> {
  return em.find(Bom, { item }, { orderBy: { version: 'desc' }, populate: ['item', 'lines.component'] });
}
