import type { EntityManager } from '@mikro-orm/postgresql';
import type { PutawayInstruction, PutawayResult } from '../../workflows/purchase-receipt/purchase-receipt.contract';
import { postMove } from '../../db/inventory/post-move';
import { appendAudit } from '../../db/repositories/audit-repository';
import { reject } from '../errors';
import { findPurchaseOrder, receiptMoves, setPurchaseOrderStatus, warehouseLocations } from './purchase-order-queries';

export interface PutAwayInput {
  workflowId: string;
  orderNumber: string;
  instructions: PutawayInstruction[];
  userName: string;
  /** The delivery to put away (its own moves; the order's status is the deliveries' business). Absent: older instances. */
  deliveryNo?: number;
}

/**
 * Moves every received line from the dock into the bin the clerk chose (transfers: quantity moves, value stays
 * in the warehouse). What to move is read back from this workflow's own receipt moves, so the ledger, not the
 * task payload, says which lot and quantity lie at the dock. One transaction for the whole order.
 */
export async function putAwayPurchaseOrder(em: EntityManager, input: PutAwayInput): Promise<PutawayResult> {
  const order = await findPurchaseOrder(em, input.orderNumber, true);
  if (!order) return reject('PURCHASE_ORDER_NOT_FOUND', `Purchase order ${input.orderNumber} does not exist`);
  const { deliveryNo } = input;
  if (deliveryNo === undefined ? order.status !== 'received' : order.status === 'cancelled') {
    return reject(
      'PURCHASE_ORDER_WRONG_STATUS',
      `Purchase order ${input.orderNumber} is ${order.status}, not received`,
    );
  }
  const { dock, bins } = await warehouseLocations(em, order.warehouseId);
  const allowed = new Set(bins);
  const moves: PutawayResult['moves'] = [];
  for (const receipt of await receiptMoves(em, input.workflowId, input.orderNumber, deliveryNo)) {
    const instruction = input.instructions.find((candidate) => candidate.lineNo === receipt.lineNo);
    if (!instruction || !allowed.has(instruction.toLocation) || receipt.locationCode !== dock) {
      return reject('PUTAWAY_NOT_ALLOWED', `Line ${receipt.lineNo} needs a bin of ${order.warehouseCode}`, {
        instruction,
      });
    }
    const posted = await postMove(em, {
      moveType: 'transfer',
      itemSku: receipt.itemSku,
      lot: receipt.lotCode ? { code: receipt.lotCode } : null,
      fromLocation: receipt.locationCode,
      toLocation: instruction.toLocation,
      fromStatus: receipt.status,
      quantity: receipt.quantity,
      documentType: 'purchase-order',
      documentRef: input.orderNumber,
      lineNo: receipt.lineNo,
      userName: input.userName,
      idempotencyKey:
        deliveryNo === undefined
          ? `${input.workflowId}:putaway:${receipt.lineNo}`
          : `${input.workflowId}:putaway:d${deliveryNo}:${receipt.lineNo}`,
    });
    moves.push({
      lineNo: receipt.lineNo,
      fromLocation: receipt.locationCode,
      toLocation: instruction.toLocation,
      quantity: receipt.quantity,
      moveId: posted.moveId,
    });
  }
  moves.sort((a, b) => a.lineNo - b.lineNo);
  if (deliveryNo === undefined) await setPurchaseOrderStatus(em, order.orderId, 'put-away');
  await appendAudit(em, {
    actor: input.userName,
    action: 'purchase-order.put-away',
    entityType: 'purchase_order',
    entityId: input.orderNumber,
    workflowId: input.workflowId,
    details: { moves, deliveryNo },
  });
  return { moves };
}
