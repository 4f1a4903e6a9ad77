import type { EntityManager } from '@mikro-orm/postgresql';
import { pair, postJournal } from '../../db/accounting/journal';
import { WORK_IN_PROGRESS } from '../../db/inventory/move-types';
import { type ComponentRow, type ProductionOrderRow } from '../../db/repositories/production-order-repository';
import { insertProductionCost } from '../../db/repositories/production-cost-repository';
import { chooseLots } from './component-lots';
import { issueComponent, PRODUCTION_DOCUMENT } from './component-moves';
import { refuse, round3 } from './production-refusals';
import type { PostedComponent } from './production-types';

/**
 * Backflushes the components consumed at one operation (`operationSeq`; null: at completion): quantity per x the
 * units reported (good + scrap actually reported, never the BOM's planned scrap %), lots chosen FEFO then FIFO by the
 * allocation machinery from the order's warehouse. Short stock refuses the whole report, naming the component.
 */
export async function backflush(
  em: EntityManager,
  order: ProductionOrderRow,
  components: readonly ComponentRow[],
  at: { operationSeq: number | null; units: number; key: string; userName: string },
): Promise<PostedComponent[]> {
  const posted: PostedComponent[] = [];
  const consumed = components.filter((c) => c.issueMode === 'backflush' && c.operationSeq === at.operationSeq);
  const now = new Date();
  for (const component of consumed.sort((a, b) => a.itemId - b.itemId || a.lineNo - b.lineNo)) {
    const quantity = round3(component.quantityPer * at.units);
    if (quantity <= 0) continue;
    const lots = await chooseLots(em, component, quantity, order.warehouseCode, now, component.ownerCustomerId);
    if (lots.short > 0) {
      refuse(
        'REPORT_REFUSED',
        `Not enough ${component.sku} (line ${component.lineNo}) in ${order.warehouseCode} to backflush ${quantity}: ` +
          `${round3(lots.short)} short`,
        `components[${component.lineNo}]`,
      );
    }
    for (const [index, { row, quantity: take }] of lots.chosen.entries()) {
      const pick = { location: row.locationCode, lotCode: row.lotCode, quantity: take, fromReserved: false };
      const key = `production:${order.number}:${at.key}:bf:${component.lineNo}:${index}`;
      posted.push(
        await issueComponent(em, order, component, pick, {
          kind: 'backflush',
          key,
          userName: at.userName,
          operationSeq: at.operationSeq,
        }),
      );
    }
  }
  return posted.sort((a, b) => a.lineNo - b.lineNo);
}

/**
 * Books an amount into the order's WIP against another account (Dr 1400 / Cr `account`; a negative amount the other
 * way round) with its production_cost row. Nothing is booked for zero.
 */
export async function bookIntoWip(
  em: EntityManager,
  order: ProductionOrderRow,
  entry: {
    kind: 'labour' | 'overhead' | 'variance';
    account: string;
    cents: number;
    description: string;
    key: string;
    userName: string;
    operationSeq?: number | null;
  },
): Promise<number | null> {
  if (entry.cents === 0) return null;
  const effectiveAt = new Date();
  const journalEntryId = await postJournal(em, {
    entryDate: effectiveAt,
    sourceType: PRODUCTION_DOCUMENT,
    sourceRef: order.number,
    description: entry.description,
    lines: pair(WORK_IN_PROGRESS, entry.account, entry.cents),
    idempotencyKey: entry.key,
    createdBy: entry.userName,
  });
  await insertProductionCost(em, {
    orderId: order.id,
    kind: entry.kind,
    operationSeq: entry.operationSeq ?? null,
    amountCents: entry.cents,
    journalEntryId,
    reportedBy: entry.userName,
    effectiveAt,
    idempotencyKey: entry.key,
  });
  return journalEntryId;
}
