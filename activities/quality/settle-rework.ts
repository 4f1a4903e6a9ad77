import type { EntityManager } from '@mikro-orm/postgresql';
import { postMove } from '../../db/inventory/post-move';
import { appendAudit } from '../../db/repositories/audit-repository';
import { findLot } from './load-inspection-lot';
import { refuse } from './quality-errors';

export interface SettleReworkInput {
  lotNo: string;
  workflowId: string;
  /** What the rework came to: good again (quarantine -> available) or beyond repair (scrapped, Dr 5200 / Cr 1300). */
  outcome: 'accepted' | 'scrap';
  quantity: number;
  userName: string;
}

/**
 * Settles the reworked part of a disposed lot, which stayed in quarantine while it was reworked: released to
 * available, or scrapped with its write-off. One transaction; the moves are keyed per lot, so a retry posts nothing twice.
 */
export async function settleRework(em: EntityManager, input: SettleReworkInput): Promise<{ released: number }> {
  const lot = await findLot(em, input.lotNo);
  if (lot.status !== 'disposed') {
    return refuse('INSPECTION_LOT_WRONG_STATUS', `Inspection lot ${lot.lotNo} is ${lot.status}, not disposed`, 'lotNo');
  }
  const stock = {
    itemSku: lot.item.sku,
    lot: lot.stockLotCode ? { code: lot.stockLotCode } : null,
    fromLocation: lot.locationCode,
    fromStatus: 'quarantine' as const,
    quantity: input.quantity,
    documentType: 'inspection-lot',
    documentRef: lot.lotNo,
    userName: input.userName,
    idempotencyKey: `${input.workflowId}:rework`,
  };
  if (input.outcome === 'accepted') await postMove(em, { ...stock, moveType: 'status-change', toStatus: 'available' });
  else await postMove(em, { ...stock, moveType: 'scrap' });
  await appendAudit(em, {
    actor: input.userName,
    action: 'inspection-lot.rework-settled',
    entityType: 'inspection_lot',
    entityId: lot.lotNo,
    workflowId: lot.workflowId,
    details: { outcome: input.outcome, quantity: input.quantity },
  });
  return { released: input.outcome === 'accepted' ? input.quantity : 0 };
}
