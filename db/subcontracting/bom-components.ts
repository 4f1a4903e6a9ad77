import type { EntityManager } from '@mikro-orm/postgresql';
import { round6 } from '../../rules/manufacturing/quantities';
import type { BomLineView } from '../../rules/manufacturing/types';
import { DocumentError } from '../errors';
import { readEffectiveBoms } from '../planning/effective-boms';

/** Phantoms nest only a few levels in practice; deeper is a loop the BOM refusal missed. */
const MAX_PHANTOM_DEPTH = 10;

/**
 * The components a subcontractor is sent to make one `sku`: its BOM effective on `date`, line by line, with phantom
 * lines passed through (a phantom is never stocked, so its own components go instead, their quantity per multiplied by
 * the phantom's, the phantom's scrap included). The same component reached twice is summed into its first line (the
 * supplier receives one quantity of it). An item without a BOM has none.
 */
export async function bomComponents(em: EntityManager, sku: string, date: string): Promise<BomLineView[]> {
  const totals = new Map<string, BomLineView>();
  const add = (line: BomLineView) => {
    const seen = totals.get(line.componentSku);
    if (!seen) {
      totals.set(line.componentSku, { ...line });
      return;
    }
    // Summed per one finished unit with each path's scrap folded in: the merged line carries no scrap of its own.
    const effective = (l: BomLineView) => l.quantityPer * (1 + l.scrapPercent / 100);
    totals.set(line.componentSku, {
      componentSku: line.componentSku,
      quantityPer: round6(effective(seen) + effective(line)),
      scrapPercent: 0,
    });
  };
  const expand = async (parentSku: string, factor: number, depth: number): Promise<void> => {
    if (depth > MAX_PHANTOM_DEPTH) {
      throw new DocumentError('VALIDATION_FAILED', `The bills of materials below ${sku} loop`, 'itemSku');
    }
    const [bom] = await readEffectiveBoms(em, date, [parentSku]);
    for (const line of bom?.lines ?? []) {
      const [own] = await readEffectiveBoms(em, date, [line.componentSku]);
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
