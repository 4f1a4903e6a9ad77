import type { EntityManager } from '@mikro-orm/postgresql';
import { Item } from '../../../db/entities';
import {
  BomCycleError,
  coverShortages,
  kitting,
  NoBomError,
  type BomView,
  type KittingResult,
} from '../../../rules/manufacturing';
import { ApiError } from '../../errors';
import { freeStock, kittingBoms, openPurchaseLines } from './kitting-loader';
import type { KittingBody, KittingResponse } from './kitting-schemas';

/**
 * Runs a kitting analysis on what the database holds now: effective BOMs, free stock and open purchase lines are
 * read, then the pure kitting and shortage-cover rules decide. Reads only; refuses an unknown item or one without a
 * BOM in effect, naming the demand's field.
 */
export async function analyseKitting(em: EntityManager, body: KittingBody): Promise<KittingResponse> {
  const date = body.date ?? new Date().toISOString().slice(0, 10);
  const skus = [...new Set(body.demands.map((d) => d.itemSku))];
  const known = new Set((await em.find(Item, { sku: { $in: skus } }, { fields: ['sku'] })).map((i) => i.sku));
  body.demands.forEach((demand, i) => {
    if (!known.has(demand.itemSku)) {
      throw new ApiError('UNKNOWN_ITEM', `No item ${demand.itemSku}`, `demands[${i}].itemSku`);
    }
  });

  const boms = await kittingBoms(em, skus, date);
  const componentSkus = [...new Set([...boms.values()].flatMap((b) => b.lines.map((l) => l.componentSku)))];
  const available = await freeStock(em, componentSkus, date);
  const results = runKitting(body, boms, available, date);
  const shortSkus = [
    ...new Set(results.flatMap((r) => r.components.filter((c) => c.short > 0).map((c) => c.componentSku))),
  ];
  const covered = coverShortages(results, await openPurchaseLines(em, shortSkus));

  const items = await em.find(Item, { sku: { $in: componentSkus } });
  const itemBySku = new Map(items.map((i) => [i.sku, i]));
  return {
    date,
    demands: covered.map((result) => ({
      ...result,
      bomVersion: boms.get(result.itemSku)?.version ?? 0,
      components: result.components.map((c) => ({
        ...c,
        name: itemBySku.get(c.componentSku)?.name ?? c.componentSku,
        uom: itemBySku.get(c.componentSku)?.uom ?? '',
      })),
    })),
  };
}

/** The pure analysis, its refusals turned into API errors that name the field. */
function runKitting(
  body: KittingBody,
  boms: ReadonlyMap<string, BomView>,
  available: ReadonlyMap<string, number>,
  date: string,
): KittingResult[] {
  try {
    return kitting(body.demands, (sku) => boms.get(sku), available);
  } catch (error) {
    if (error instanceof NoBomError) {
      const message = `Item ${error.sku} has no bill of materials in effect on ${date}`;
      throw new ApiError('VALIDATION_FAILED', message, `demands[${error.demandIndex}].itemSku`);
    }
    if (error instanceof BomCycleError) throw new ApiError('VALIDATION_FAILED', error.message, 'demands');
    throw error;
  }
}
