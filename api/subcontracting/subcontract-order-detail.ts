import type { EntityManager } from '@mikro-orm/postgresql';
import { SubcontractDelivery, SubcontractOrder, SubcontractOrderComponent } from '../../db/entities';
import { num } from '../../db/sql';
import { listRow } from '../lists/sql-list';
import { freightOfDeliveries } from '../carrier-receipts/delivery-freight';
import { readSubcontractOrderFees } from '../reports/subcontract-tracking-fees';
import { subcontractOrderListSpec } from './subcontract-order-list';
import type { SubcontractOrderDetail } from './subcontract-order-schemas';

const to3 = (value: number) => Math.round(value * 1000) / 1000;
const iso = (value: Date | null) => (value === null ? null : new Date(value).toISOString());

/**
 * One subcontract order as its detail page shows it: the list's header (the same columns, one way of describing an
 * order), the fee and where it came from, each component with its running totals and what is still at the supplier,
 * and the supplier's deliveries. Undefined when there is no such order.
 */
export async function readSubcontractOrder(
  em: EntityManager,
  orderNumber: string,
): Promise<SubcontractOrderDetail | undefined> {
  const header = await listRow(em, subcontractOrderListSpec, 'so.id', 'so.order_number = ?', [orderNumber]);
  if (!header) return undefined;
  const order = await em.findOneOrFail(SubcontractOrder, header.id);
  const components = await em.find(
    SubcontractOrderComponent,
    { order },
    { populate: ['item', 'customer'], orderBy: { lineNo: 'asc' } },
  );
  const deliveries = await em.find(SubcontractDelivery, { order }, { orderBy: { deliveryNo: 'asc' } });
  const freight = await freightOfDeliveries(em, orderNumber);
  return {
    ...header.row,
    feePerUnit: num(order.feePerUnit),
    plannedRef: order.plannedRef,
    cancelledReason: order.cancelledReason,
    cancelledBy: order.cancelledBy,
    cancelledAt: iso(order.cancelledAt),
    components: components.map((c) => ({
      lineNo: c.lineNo,
      itemSku: c.item.sku,
      itemName: c.item.name,
      uom: c.item.uom,
      quantityPer: num(c.quantityPer),
      scrapPercent: num(c.scrapPercent),
      provision: c.provision,
      customerCode: c.customer?.code ?? null,
      requiredQuantity: num(c.requiredQuantity),
      sentQuantity: num(c.sentQuantity),
      consumedQuantity: num(c.consumedQuantity),
      scrappedQuantity: num(c.scrappedQuantity),
      returnedQuantity: num(c.returnedQuantity),
      atSupplierQuantity: to3(
        num(c.sentQuantity) - num(c.consumedQuantity) - num(c.scrappedQuantity) - num(c.returnedQuantity),
      ),
    })),
    deliveries: deliveries.map((d) => ({
      deliveryNo: d.deliveryNo,
      finishedQuantity: num(d.finishedQuantity),
      lotCode: d.lotCode,
      receivedAt: new Date(d.receivedAt).toISOString(),
      status: d.status,
      feeAccrued: num(d.feeAccrued),
      rejectedQuantity: num(d.rejectedQuantity),
      redeliveredQuantity: num(d.redeliveredQuantity),
      reportedConsumed: d.reportedConsumed,
      reportedScrapped: d.reportedScrapped,
      reportedReturned: d.reportedReturned,
      freight: freight.get(d.deliveryNo)?.amount ?? 0,
      freightReceipts: freight.get(d.deliveryNo)?.receipts ?? [],
    })),
    fees: await readSubcontractOrderFees(em, order.id),
  };
}
