import type { EntityManager } from '@mikro-orm/postgresql';
import { num, query } from '../../db/sql';
import { ApiError } from '../errors';
import { priceLine, type InvoicedOrder } from './invoice-lines';
import type { CreateSupplierInvoiceBody } from './supplier-invoice-schemas';

const EPSILON = 1e-9;

/** A delivery of the order with what other (not rejected) fee invoices already bill of it. */
interface OpenDelivery {
  id: number;
  delivery_no: number;
  finished_quantity: string;
  rejected_quantity: string;
  status: string;
  invoiced: string;
}

/**
 * Fee-invoice lines (issue 15, item 3): each names one delivery of the supplier's subcontract order (`deliveryId` or
 * `deliveryNo`) and bills up to what was delivered minus what other invoices (not rejected) already bill of it, so a
 * second invoice for an invoiced delivery is refused on `lines[i].quantity`. An order closed long ago is normal: fees
 * come late. Refused naming the field: an unknown order (`subcontractOrderNo`), an order of another supplier, a
 * delivery not of that order or rejected at the quality gate (`lines[i].deliveryId` / `deliveryNo`).
 */
export async function feeLines(
  em: EntityManager,
  body: CreateSupplierInvoiceBody,
  orderNumber: string,
  supplierId: number,
): Promise<InvoicedOrder> {
  const [order] = await query<{ id: number; supplier_id: number }>(
    em,
    'select id, supplier_id from subcontract_order where order_number = ? for update',
    [orderNumber],
  );
  if (!order) {
    throw new ApiError('VALIDATION_FAILED', `No subcontract order ${orderNumber}`, 'subcontractOrderNo');
  }
  if (num(order.supplier_id) !== supplierId) {
    throw new ApiError(
      'VALIDATION_FAILED',
      `${orderNumber} is a subcontract order of another supplier than ${body.supplierCode}`,
      'subcontractOrderNo',
    );
  }
  const deliveries = await query<OpenDelivery>(
    em,
    `select d.id, d.delivery_no, d.finished_quantity, d.rejected_quantity, d.status,
            coalesce((select sum(il.quantity) from supplier_invoice_line il join supplier_invoice si on si.id = il.invoice_id
                       where il.subcontract_delivery_id = d.id and si.status <> 'rejected'), 0) as invoiced
       from subcontract_delivery d where d.order_id = ? order by d.delivery_no`,
    [order.id],
  );
  const billed = new Map<number, number>();
  const lines = body.lines.map((line, index) => {
    const delivery = findDelivery(deliveries, line, index, orderNumber);
    const id = num(delivery.id);
    const already = num(delivery.invoiced) + (billed.get(id) ?? 0);
    // Units the quality gate sent back had their fee accrual reversed: they are billed when re-delivered, not here.
    const delivered = num(delivery.finished_quantity) - num(delivery.rejected_quantity);
    const open = delivered - already;
    if (line.quantity > open + EPSILON) {
      throw new ApiError(
        'VALIDATION_FAILED',
        `Delivery ${delivery.delivery_no} of ${orderNumber} can be invoiced for at most ${Math.max(0, open)} ` +
          `(delivered ${delivered}${num(delivery.rejected_quantity) > 0 ? ` after ${num(delivery.rejected_quantity)} rejected at the quality gate` : ''}, already invoiced ${already})`,
        `lines[${index}].quantity`,
      );
    }
    billed.set(id, already - num(delivery.invoiced) + line.quantity);
    return priceLine(line, index, { orderLineId: null, deliveryId: id });
  });
  return { purchaseOrderId: null, subcontractOrderId: num(order.id), lines };
}

function findDelivery(
  deliveries: OpenDelivery[],
  line: CreateSupplierInvoiceBody['lines'][number],
  index: number,
  orderNumber: string,
): OpenDelivery {
  const byId = line.deliveryId !== undefined;
  const field = `lines[${index}].${byId ? 'deliveryId' : 'deliveryNo'}`;
  if (!byId && line.deliveryNo === undefined) {
    throw new ApiError(
      'VALIDATION_FAILED',
      'deliveryId or deliveryNo is required on a subcontract fee invoice',
      `lines[${index}].deliveryId`,
    );
  }
  const delivery = deliveries.find((candidate) =>
    byId ? num(candidate.id) === line.deliveryId : num(candidate.delivery_no) === line.deliveryNo,
  );
  if (!delivery) {
    const named = byId ? `delivery ${line.deliveryId}` : `delivery number ${line.deliveryNo}`;
    throw new ApiError('VALIDATION_FAILED', `${orderNumber} has no ${named}`, field);
  }
  if (delivery.status === 'rejected') {
    throw new ApiError(
      'VALIDATION_FAILED',
      `Delivery ${delivery.delivery_no} of ${orderNumber} was rejected at the quality gate: its fee was reversed`,
      field,
    );
  }
  return delivery;
}
