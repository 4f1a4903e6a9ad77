import type { EntityManager } from '@mikro-orm/postgresql';
import { Item } from '../../../db/entities';
import {
  BomCycleError,
  coverShortages,
  kitting,
  NoBomError,
  type BomView,
  type KittingDemand,
  type KittingResult,
} from '../../../rules/manufacturing';
import { ApiError } from '../../errors';
import { freeStock, kittingBoms, openPurchaseLines } from './kitting-loader';
import { loadOrderDemands, OPEN_PRODUCTION_STATUSES, openProductionOrders, type OrderDemand } from './kitting-orders';
import type { KittingBody, KittingResponse } from './kitting-schemas';

/** One demand as kitting runs it: the field that names it (for refusals) and the production order it is, if any. */
interface PlannedDemand extends KittingDemand {
  field: string;
  order: OrderDemand | null;
}

/** A released order's remaining requirement, as a one-level BOM of its own (per unit still to make). */
const orderKey = (number: string) => `${number} (production order)`;
function orderBom(order: OrderDemand): BomView {
  const lines = (order.remaining ?? []).map((line) => ({
    componentSku: line.componentSku,
    quantityPer: line.quantity / order.openQuantity,
    scrapPercent: 0,
  }));
  return { parentSku: orderKey(order.number), version: order.bomVersion ?? 0, phantom: false, lines };
}

/** The named production orders (first, in the given order) and the plain demands, each checked, naming its field. */
async function plannedDemands(em: EntityManager, body: KittingBody): Promise<PlannedDemand[]> {
  const numbers = body.productionOrders ?? [];
  if (numbers.length === 0 && body.demands.length === 0) {
    throw new ApiError('VALIDATION_FAILED', 'At least one demand or production order is required', 'demands');
  }
  const orders = await loadOrderDemands(em, numbers);
  const planned = numbers.map((number, i): PlannedDemand => {
    const field = `productionOrders[${i}]`;
    if (numbers.indexOf(number) !== i) throw new ApiError('VALIDATION_FAILED', `${number} is named twice`, field);
    const order = orders.get(number);
    if (!order) throw new ApiError('VALIDATION_FAILED', `No production order ${number}`, field);
    if (!(OPEN_PRODUCTION_STATUSES as readonly string[]).includes(order.status) || order.openQuantity <= 0) {
      throw new ApiError('VALIDATION_FAILED', `Production order ${number} is ${order.status}: nothing to kit`, field);
    }
    const itemSku = order.remaining ? orderKey(number) : order.itemSku;
    return { itemSku, quantity: order.openQuantity, reference: number, field, order };
  });
  const skus = [...new Set(body.demands.map((d) => d.itemSku))];
  const known = new Set((await em.find(Item, { sku: { $in: skus } }, { fields: ['sku'] })).map((i) => i.sku));
  body.demands.forEach((demand, i) => {
    if (!known.has(demand.itemSku)) {
      throw new ApiError('UNKNOWN_ITEM', `No item ${demand.itemSku}`, `demands[${i}].itemSku`);
    }
  });
  return [...planned, ...body.demands.map((d, i) => ({ ...d, field: `demands[${i}].itemSku`, order: null }))];
}

/**
 * Runs a kitting analysis on what the database holds now: effective BOMs (a released production order's own
 * remaining requirement), free stock and open supply (purchase lines and production orders) are read, then the pure
 * kitting and shortage-cover rules decide. Reads only; refuses an unknown item or order, or one without a BOM in
 * effect, naming the field.
 */
export async function analyseKitting(em: EntityManager, body: KittingBody): Promise<KittingResponse> {
  const date = body.date ?? new Date().toISOString().slice(0, 10);
  const demands = await plannedDemands(em, body);
  const ordersBoms = demands.flatMap((d) => (d.order?.remaining ? [orderBom(d.order)] : []));
  const ownBoms = new Map(ordersBoms.map((bom) => [bom.parentSku, bom]));
  const boms = await kittingBoms(
    em,
    [...new Set(demands.filter((d) => !ownBoms.has(d.itemSku)).map((d) => d.itemSku))],
    date,
  );
  const lookup = (sku: string) => ownBoms.get(sku) ?? boms.get(sku);
  const componentSkus = [
    ...new Set([...boms.values(), ...ordersBoms].flatMap((b) => b.lines.map((l) => l.componentSku))),
  ];
  const available = await freeStock(em, componentSkus, date);
  const results = runKitting(demands, lookup, available, date);
  const shortSkus = [
    ...new Set(results.flatMap((r) => r.components.filter((c) => c.short > 0).map((c) => c.componentSku))),
  ];
  const supply = [...(await openPurchaseLines(em, shortSkus)), ...(await openProductionOrders(em, shortSkus))];
  const covered = coverShortages(results, supply);

  const items = await em.find(Item, { sku: { $in: componentSkus } });
  const itemBySku = new Map(items.map((i) => [i.sku, i]));
  return {
    date,
    demands: covered.map((result, i) => {
      const order = demands[i]?.order ?? null;
      return {
        ...result,
        itemSku: order?.itemSku ?? result.itemSku,
        productionOrder: order?.number ?? null,
        bomVersion: (order?.remaining ? order.bomVersion : boms.get(result.itemSku)?.version) ?? 0,
        components: result.components.map((c) => ({
          ...c,
          name: itemBySku.get(c.componentSku)?.name ?? c.componentSku,
          uom: itemBySku.get(c.componentSku)?.uom ?? '',
        })),
      };
    }),
  };
}

/** The pure analysis, its refusals turned into API errors that name the field. */
function runKitting(
  demands: ReadonlyArray<PlannedDemand>,
  lookup: (sku: string) => BomView | undefined,
  available: ReadonlyMap<string, number>,
  date: string,
): KittingResult[] {
  try {
    return kitting(demands, lookup, available);
  } catch (error) {
    if (error instanceof NoBomError) {
      const message = `Item ${error.sku} has no bill of materials in effect on ${date}`;
      throw new ApiError('VALIDATION_FAILED', message, demands[error.demandIndex]?.field ?? 'demands');
    }
    if (error instanceof BomCycleError) throw new ApiError('VALIDATION_FAILED', error.message, 'demands');
    throw error;
  }
}
