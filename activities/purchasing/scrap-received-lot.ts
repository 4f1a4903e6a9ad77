import type { EntityManager } from '@mikro-orm/postgresql';
import { postMove } from '../../db/inventory/post-move';
import { appendAudit } from '../../db/repositories/audit-repository';
import { num, query } from '../../db/sql';

export interface ScrapReceivedLotInput {
  workflowId: string;
  orderNumber: string;
  lineNo: number;
  itemSku: string;
  lotCode: string;
  location: string;
  /** At most this much (what the line received). */
  quantity: number;
  userName: string;
}

/**
 * Scraps a near-expiry lot the expiry rules sent to a scrap task: whatever of it is still free where it was put
 * away, up to what the line received (some may have been picked meanwhile), booked Scrap against Inventory. Nothing
 * left is not an error: there is nothing to scrap. Returns the quantity scrapped.
 */
export async function scrapReceivedLot(em: EntityManager, input: ScrapReceivedLotInput): Promise<{ scrapped: number }> {
  const [row] = await query<{ free: string }>(
    em,
    `select coalesce(sum(b.quantity - b.reserved_quantity), 0) as free from stock_balance b
       join item i on i.id = b.item_id join location l on l.id = b.location_id join lot on lot.id = b.lot_id
      where i.sku = ? and lot.code = ? and l.code = ? and b.status = 'available'`,
    [input.itemSku, input.lotCode, input.location],
  );
  const scrapped = Math.min(num(row?.free ?? 0), input.quantity);
  if (scrapped <= 0) return { scrapped: 0 };
  await postMove(em, {
    moveType: 'scrap',
    itemSku: input.itemSku,
    lot: { code: input.lotCode },
    fromLocation: input.location,
    quantity: scrapped,
    documentType: 'purchase-order',
    documentRef: input.orderNumber,
    lineNo: input.lineNo,
    userName: input.userName,
    idempotencyKey: `${input.workflowId}:expiry-scrap:${input.lineNo}`,
  });
  await appendAudit(em, {
    actor: input.userName,
    action: 'lot.scrapped-near-expiry',
    entityType: 'lot',
    entityId: `${input.itemSku}/${input.lotCode}`,
    workflowId: input.workflowId,
    details: { orderNumber: input.orderNumber, lineNo: input.lineNo, location: input.location, quantity: scrapped },
  });
  return { scrapped };
}
