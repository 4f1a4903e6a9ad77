import type { EntityManager } from '@mikro-orm/postgresql';
import type { BomView } from '../../rules/manufacturing';
import { num, query } from '../sql';

/**
 * The BOM versions effective on `date` (greatest effective_from <= date, ties to the higher version), with their
 * lines in line order: of the given items, or of every item when `skus` is left out (a regenerative MRP run). One
 * set-based query (kitting's and MRP's hot paths), not an entity graph per version. `ownLinesOnly` leaves out the lines
 * whose component the customer supplies (MRP plans only what we supply).
 */
export async function readEffectiveBoms(
  em: EntityManager,
  date: string,
  skus?: readonly string[],
  options: { ownLinesOnly?: boolean } = {},
): Promise<BomView[]> {
  if (skus?.length === 0) return [];
  const rows = await query<Record<string, unknown>>(
    em,
    `with effective as (
       select distinct on (b.item_id) b.id, b.item_id, b.version, b.phantom
         from bom b join item i on i.id = b.item_id
        where b.effective_from <= ?::date ${skus ? 'and i.sku in (?)' : ''}
        order by b.item_id, b.effective_from desc, b.version desc)
     select p.sku as parent_sku, e.version, e.phantom, c.sku as component_sku, l.quantity_per, l.scrap_percent
       from effective e
       join item p on p.id = e.item_id
       join bom_line l on l.bom_id = e.id
       join item c on c.id = l.component_item_id
      ${options.ownLinesOnly ? `where l.provision = 'ours'` : ''}
      order by p.sku, l.line_no`,
    skus ? [date, skus] : [date],
  );
  const boms = new Map<string, BomView & { lines: BomView['lines'][number][] }>();
  for (const r of rows) {
    const parentSku = String(r.parent_sku);
    let bom = boms.get(parentSku);
    if (!bom) {
      bom = { parentSku, version: num(r.version), phantom: Boolean(r.phantom), lines: [] };
      boms.set(parentSku, bom);
    }
    bom.lines.push({
      componentSku: String(r.component_sku),
      quantityPer: num(r.quantity_per),
      scrapPercent: num(r.scrap_percent),
    });
  }
  return [...boms.values()];
}
