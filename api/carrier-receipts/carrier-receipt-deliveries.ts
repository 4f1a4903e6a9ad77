import type { EntityManager } from '@mikro-orm/postgresql';
import { num, query } from '../../db/sql';
import { ApiError } from '../errors';

/** One receipt move a delivery brought in, as a carrier receipt line covers it. */
export interface CoveredMove {
  deliveryReference: string;
  kind: 'purchase-order' | 'subcontract-order';
  orderNumber: string;
  deliveryNo: number;
  receiptMoveId: number;
  itemSku: string;
  quantity: number;
}

/**
 * The receipt moves of a delivery named `<order number>/<delivery no>`: a subcontract delivery's finished goods (the
 * move its posting keyed `subcontract:<order>:d<no>:finished`, activities/subcontracting/receive-delivery.ts), or
 * each line a purchase order delivery received (purchase_delivery.lines). A rejected subcontract delivery went back:
 * it carries no freight. Unknown: 400 naming `field`.
 */
export async function movesOfDelivery(em: EntityManager, reference: string, field: string): Promise<CoveredMove[]> {
  const [orderNumber = '', no = '0'] = reference.split('/');
  const deliveryNo = Number(no);
  const subcontract = await query<Record<string, unknown>>(
    em,
    `select d.status, m.id as move_id, i.sku, m.quantity
       from subcontract_order so join subcontract_delivery d on d.order_id = so.id and d.delivery_no = ?
       left join stock_move m on m.idempotency_key = 'subcontract:' || so.order_number || ':d' || d.delivery_no || ':finished'
       left join item i on i.id = m.item_id
      where so.order_number = ?`,
    [deliveryNo, orderNumber],
  );
  const [delivery] = subcontract;
  if (delivery) {
    if (delivery.status === 'rejected' || delivery.move_id === null) {
      throw new ApiError('VALIDATION_FAILED', `Delivery ${reference} was rejected: its goods went back`, field);
    }
    const base = { deliveryReference: reference, kind: 'subcontract-order' as const, orderNumber, deliveryNo };
    return [
      {
        ...base,
        receiptMoveId: num(delivery.move_id),
        itemSku: String(delivery.sku),
        quantity: num(delivery.quantity),
      },
    ];
  }
  const purchase = await query<{ move_id: number; sku: string; quantity: string }>(
    em,
    `select (l->>'moveId')::int as move_id, l->>'itemSku' as sku, m.quantity
       from purchase_order po join purchase_delivery d on d.order_id = po.id and d.delivery_no = ?
       cross join lateral jsonb_array_elements(d.lines) l join stock_move m on m.id = (l->>'moveId')::int
      where po.order_number = ? order by (l->>'lineNo')::int`,
    [deliveryNo, orderNumber],
  );
  if (purchase.length === 0) {
    throw new ApiError(
      'VALIDATION_FAILED',
      `No delivery ${reference}: no order ${orderNumber} with delivery ${deliveryNo}`,
      field,
    );
  }
  return purchase.map((row) => ({
    deliveryReference: reference,
    kind: 'purchase-order',
    orderNumber,
    deliveryNo,
    receiptMoveId: num(row.move_id),
    itemSku: row.sku,
    quantity: num(row.quantity),
  }));
}
