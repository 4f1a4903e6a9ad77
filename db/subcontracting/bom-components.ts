import type { EntityManager } from '@mikro-orm/postgresql';
import { round6 } from '../../rules/manufacturing/quantities';
import type { BomLineView } from '../../rules/manufacturing/types';
import type { BomLineProvision } from '../entities';
import { DocumentError } from '../errors';
import { num, query } from '../sql';

/** Phantoms nest only a few levels in practice; deeper is a loop the BOM refusal missed. */
const MAX_PHANTOM_DEPTH = 10;

/** A BOM line sent to a subcontractor, with who supplies it: us, or the customer the order is made for. */
export interface SubcontractBomLine extends BomLineView {
  provision: BomLineProvision;
}

/** The version of `sku` effective on `date` (greatest effective_from <= date, ties to the higher version). */
async function effectiveBom(
  em: EntityManager,
  date: string,
  sku: string,
): Promise<{ phantom: boolean; lines: SubcontractBomLine[] } | undefined> {
  const rows = await query<Record<string, unknown>>(
    em,
    `with effective as (
       select b.id, b.phantom from bom b join item i on i.id = b.item_id
        where b.effective_from <= ?::date and i.sku = ?
        order by b.effective_from desc, b.version desc limit 1)
     select e.phantom, c.sku as component_sku, l.quantity_per, l.scrap_percent, l.provision
       from effective e left join bom_line l on l.bom_id = e.id left join item c on c.id = l.component_item_id
      order by l.line_no`,
    [date, sku],
  );
  if (rows.length === 0) return undefined;
  return {
    phantom: Boolean(rows[0]?.phantom),
    lines: rows
      .filter((r) => r.component_sku !== null && r.component_sku !== undefined)
      .map((r) => ({
        componentSku: String(r.component_sku),
        quantityPer: num(r.quantity_per),
        scrapPercent: num(r.scrap_percent),
        provision: r.provision === 'customer' ? 'customer' : 'ours',
      })),
  };
}

/**
 * The components a subcontractor is sent to make one `sku`: its BOM effective on `date`, line by line, with phantom
 * lines passed through (a phantom is never stocked, so its own components go instead, their quantity per multiplied by
 * the phantom's, the phantom's scrap included). Each line keeps its provision (a customer-supplied line stays the
 * customer's). The same component reached twice with the same provision is summed into its first line (the supplier
 * receives one quantity of it); ours and the customer's of one item stay apart. An item without a BOM has none.
 */
export async function bomComponents(em: EntityManager, sku: string, date: string): Promise<SubcontractBomLine[]> {
  const totals = new Map<string, SubcontractBomLine>();
  const add = (line: SubcontractBomLine) => {
    const key = `${line.provision}:${line.componentSku}`;
    const seen = totals.get(key);
    if (!seen) {
      totals.set(key, { ...line });
      return;
    }
    // Summed per one finished unit with each path's scrap folded in: the merged line carries no scrap of its own.
    const effective = (l: BomLineView) => l.quantityPer * (1 + l.scrapPercent / 100);
    totals.set(key, {
      componentSku: line.componentSku,
      quantityPer: round6(effective(seen) + effective(line)),
      scrapPercent: 0,
      provision: line.provision,
    });
  };
  const expand = async (parentSku: string, factor: number, depth: number): Promise<void> => {
    if (depth > MAX_PHANTOM_DEPTH) {
      throw new DocumentError('VALIDATION_FAILED', `The bills of materials below ${sku} loop`, 'itemSku');
    }
    const bom = await effectiveBom(em, date, parentSku);
    for (const line of bom?.lines ?? []) {
      const own = await effectiveBom(em, date, line.componentSku);
      if (own?.phantom) {
        await expand(line.componentSku, factor * line.quantityPer * (1 + line.scrapPercent / 100), depth + 1);
        continue;
      }
      add({ ...line, quantityPer: round6(factor * line.quantityPer) });
    }
  };
  await expand(sku, 1, 0);
  return [...totals.values()];
}
