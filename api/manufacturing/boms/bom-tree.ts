import type { EntityManager } from '@mikro-orm/postgresql';
import { BomLine, type Bom, type Item } from '../../../db/entities';
import { formatCycle } from '../../../rules/manufacturing/bom-cycle';
import { ApiError } from '../../errors';
import { effectiveBoms } from './bom-queries';
import type { BomTree, BomTreeChild, WhereUsedRow } from './bom-schemas';

/** Deeper than any real product; a bound so a corrupt graph cannot loop. */
const MAX_LEVELS = 50;

/** Exact to the column's 6 decimals, without binary noise (0.1 x 3 = 0.3). */
const round6 = (value: number): number => Math.round(value * 1e6) / 1e6;

/** Loads the effective version of `rootId` and, level by level, of every component below it (one query per level). */
async function loadLevels(em: EntityManager, rootId: number, date: string): Promise<Map<number, Bom | null>> {
  const known = new Map<number, Bom | null>();
  let frontier = [rootId];
  for (let level = 0; frontier.length > 0 && level <= MAX_LEVELS; level += 1) {
    const found = await effectiveBoms(em, frontier, date);
    for (const id of frontier) known.set(id, found.get(id) ?? null);
    const next = new Set<number>();
    for (const bom of found.values()) {
      for (const line of bom.lines) if (!known.has(line.component.id)) next.add(line.component.id);
    }
    frontier = [...next];
  }
  return known;
}

/**
 * The multi-level BOM of `item` on `date` for `quantity` parents: every line's required quantity is its parent's
 * required x quantityPer x (1 + scrap/100), so planned scrap is applied once per level. Phantoms are shown (marked)
 * with their components below them. 404 BOM_NOT_FOUND when the item has no version effective on the date.
 */
export async function bomTreeOf(em: EntityManager, item: Item, date: string, quantity: number): Promise<BomTree> {
  const boms = await loadLevels(em, item.id, date);
  const root = boms.get(item.id);
  if (!root) throw new ApiError('BOM_NOT_FOUND', `${item.sku} has no BOM effective on ${date}`, 'sku');

  const childrenOf = (bom: Bom, parentQuantity: number, path: string[]): BomTreeChild[] =>
    bom.lines.getItems().map((line: BomLine) => {
      const component = line.component;
      if (path.includes(component.sku)) {
        throw new ApiError('BOM_CYCLE', `The BOMs form a cycle: ${formatCycle([...path, component.sku])}`, 'sku');
      }
      const required = round6(parentQuantity * line.quantityPer * (1 + line.scrapPercent / 100));
      const own = boms.get(component.id) ?? null;
      return {
        lineNo: line.lineNo,
        componentSku: component.sku,
        name: component.name,
        uom: component.uom,
        quantityPer: line.quantityPer,
        scrapPercent: line.scrapPercent,
        provision: line.provision,
        required,
        phantom: own?.phantom ?? false,
        version: own?.version ?? null,
        children: own ? childrenOf(own, required, [...path, component.sku]) : [],
      };
    });

  return {
    itemSku: item.sku,
    itemName: item.name,
    uom: item.uom,
    version: root.version,
    phantom: root.phantom,
    quantity,
    children: childrenOf(root, quantity, [item.sku]),
  };
}

/**
 * Every parent whose version effective on `date` uses `item`: directly (level 1), and up the tree through those
 * parents (level 2, 3 ...). Each parent appears at the lowest level it is reached on.
 */
export async function whereUsed(em: EntityManager, item: Item, date: string): Promise<WhereUsedRow[]> {
  const rows: WhereUsedRow[] = [];
  const visited = new Set<number>([item.id]);
  let frontier = [item.id];
  for (let level = 1; frontier.length > 0 && level <= MAX_LEVELS; level += 1) {
    const lines = await em.find(
      BomLine,
      { component: { $in: frontier } },
      { populate: ['bom.item', 'component'], orderBy: { id: 'asc' } },
    );
    const effective = await effectiveBoms(
      em,
      lines.map((line) => line.bom.item.id),
      date,
      false,
    );
    const next = new Set<number>();
    for (const line of lines) {
      const parent = line.bom.item;
      if (effective.get(parent.id)?.id !== line.bom.id || visited.has(parent.id)) continue;
      next.add(parent.id);
      rows.push({
        itemSku: parent.sku,
        name: parent.name,
        version: line.bom.version,
        componentSku: line.component.sku,
        quantityPer: line.quantityPer,
        level,
      });
    }
    for (const id of next) visited.add(id);
    frontier = [...next];
  }
  return rows.sort((a, b) => a.level - b.level || a.itemSku.localeCompare(b.itemSku));
}
