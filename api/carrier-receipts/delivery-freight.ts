import type { EntityManager } from '@mikro-orm/postgresql';
import { num, query } from '../../db/sql';

/** The freight posted on one delivery: the shares of posted carrier receipts, and which receipts they came from. */
export interface DeliveryFreight {
  amount: number;
  receipts: string[];
}

/**
 * Freight posted on each delivery of an order (subcontract or purchase), by delivery number: what carrier receipts
 * added to the delivery's goods on top of their receipt cost (for a subcontract delivery: components + fee).
 */
export async function freightOfDeliveries(
  em: EntityManager,
  orderNumber: string,
): Promise<Map<number, DeliveryFreight>> {
  const rows = await query<{ delivery_no: number; amount: string; receipts: string[] }>(
    em,
    `select l.delivery_no, sum(l.share) as amount, array_agg(distinct r.receipt_number order by r.receipt_number) as receipts
       from carrier_receipt_line l join carrier_receipt r on r.id = l.receipt_id
      where l.order_number = ? and r.status = 'posted'
      group by l.delivery_no`,
    [orderNumber],
  );
  return new Map(rows.map((row) => [num(row.delivery_no), { amount: num(row.amount), receipts: row.receipts }]));
}
