import type { EntityManager } from '@mikro-orm/postgresql';
import { postMove } from '../../db/inventory/post-move';
import {
  addComponentFlow,
  type ComponentRow,
  type ProductionOrderRow,
} from '../../db/repositories/production-order-repository';
import { insertProductionCost } from '../../db/repositories/production-cost-repository';
import type { PostedComponent } from './production-types';

/** Documents and entries of a production order: document type and source type, its number as the reference. */
export const PRODUCTION_DOCUMENT = 'production-order';

const cents = (value: number) => Math.round(value * 100);

/**
 * Moves one component quantity out of a bin into the order's WIP: a `production-issue` move (Dr 1400 / Cr 1300 at
 * the item's FIFO cost, by the posting engine), a production_cost row and the component's issued quantity and value.
 * A customer-supplied component (issue 15) moves the order's customer's own stock at no value: no entry, a cost row
 * of 0, so the finished goods' cost holds only our components.
 * The move carries no line number, so its entry's source reference is the order number itself (the WIP check sums
 * entries by it); the component line is on the cost row.
 */
export async function issueComponent(
  em: EntityManager,
  order: ProductionOrderRow,
  component: ComponentRow,
  pick: { location: string; lotCode: string | null; quantity: number; fromReserved: boolean },
  posting: { kind: 'material' | 'backflush'; key: string; userName: string; operationSeq?: number | null },
): Promise<PostedComponent> {
  const effectiveAt = new Date();
  const posted = await postMove(em, {
    moveType: 'production-issue',
    itemSku: component.sku,
    lot: pick.lotCode === null ? null : { code: pick.lotCode },
    fromLocation: pick.location,
    quantity: pick.quantity,
    effectiveAt,
    documentType: PRODUCTION_DOCUMENT,
    documentRef: order.number,
    userName: posting.userName,
    idempotencyKey: posting.key,
    fromReserved: pick.fromReserved,
    // A customer-supplied line moves the customer's own material: valued at nothing, no entry (no 1300, no 1400).
    ...(component.ownerCustomerCode === null ? {} : { ownerCustomerCode: component.ownerCustomerCode }),
  });
  await insertProductionCost(em, {
    orderId: order.id,
    kind: posting.kind,
    componentLineNo: component.lineNo,
    operationSeq: posting.operationSeq ?? null,
    quantity: pick.quantity,
    amountCents: cents(posted.value),
    journalEntryId: posted.journalEntryId,
    stockMoveId: posted.moveId,
    reportedBy: posting.userName,
    effectiveAt,
    idempotencyKey: posting.key,
  });
  await addComponentFlow(em, component.id, 'issued', pick.quantity, cents(posted.value));
  return { lineNo: component.lineNo, sku: component.sku, ...pickOf(pick), value: posted.value };
}

const pickOf = (pick: { location: string; lotCode: string | null; quantity: number }) => ({
  location: pick.location,
  lotCode: pick.lotCode,
  quantity: pick.quantity,
});

/**
 * Returns one issued quantity to the bin (and lot, and status) it came from, at the value it was issued: a
 * `production-receipt` move (Dr 1300 / Cr 1400) with a cost layer at that value, a `return` cost row and the
 * component's returned quantity and value.
 */
export async function returnComponent(
  em: EntityManager,
  order: ProductionOrderRow,
  component: ComponentRow,
  issued: { location: string; lotCode: string | null; quantity: number; cents: number; status: string; moveId: number },
  posting: { key: string; userName: string },
): Promise<PostedComponent> {
  const effectiveAt = new Date();
  const posted = await postMove(em, {
    moveType: 'production-receipt',
    itemSku: component.sku,
    lot: issued.lotCode === null ? null : { code: issued.lotCode },
    toLocation: issued.location,
    toStatus: issued.status as 'available',
    quantity: issued.quantity,
    unitCost: issued.cents / 100 / issued.quantity,
    effectiveAt,
    documentType: PRODUCTION_DOCUMENT,
    documentRef: order.number,
    userName: posting.userName,
    idempotencyKey: posting.key,
    // A customer's material goes back still theirs, at no value (no layer of ours at 0).
    ...(component.ownerCustomerCode === null ? {} : { ownerCustomerCode: component.ownerCustomerCode }),
  });
  await insertProductionCost(em, {
    orderId: order.id,
    kind: 'return',
    componentLineNo: component.lineNo,
    quantity: issued.quantity,
    amountCents: -cents(posted.value),
    journalEntryId: posted.journalEntryId,
    stockMoveId: posted.moveId,
    reportedBy: posting.userName,
    effectiveAt,
    idempotencyKey: posting.key,
  });
  await addComponentFlow(em, component.id, 'returned', issued.quantity, cents(posted.value));
  return { lineNo: component.lineNo, sku: component.sku, ...pickOf(issued), value: posted.value };
}
