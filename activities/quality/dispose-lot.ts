import type { EntityManager } from '@mikro-orm/postgresql';
import { InspectionDisposition, Nonconformance, type InspectionLot } from '../../db/entities';
import { postMove } from '../../db/inventory/post-move';
import { appendAudit } from '../../db/repositories/audit-repository';
import type {
  DisposedLot,
  DisposeInput,
  DispositionPart,
  DispositionPartKind,
} from '../../workflows/quality-inspection/quality-inspection.contract';
import { findLot, lockLot } from './load-inspection-lot';
import { refuse } from './quality-errors';
import { returnRejected } from './return-rejected';

const milli = (quantity: number) => Math.round(quantity * 1000);

/** Statuses a lot may be disposed from: the readings are in (a concession may be pending). */
const DISPOSABLE = ['awaiting-disposition', 'awaiting-concession'];

/** What each kind does to the quarantined stock, and the nonconformance action a rejection records. */
const NONCONFORMANCE_ACTION: Partial<Record<DispositionPartKind, string>> = {
  'rejected-return': 'return to supplier',
  'rejected-scrap': 'scrap',
  rework: 'rework',
};

/** The refusal of a split that does not add up to the lot (or names no positive quantity), else undefined. */
function checkSplit(lot: InspectionLot, parts: DispositionPart[]): void {
  if (parts.length === 0)
    refuse('INSPECTION_INPUT_INVALID', 'payload.parts must name at least one part', 'payload.parts');
  for (const [index, part] of parts.entries()) {
    if (!(part.quantity > 0)) {
      refuse(
        'INSPECTION_INPUT_INVALID',
        `payload.parts[${index}].quantity must be positive`,
        `payload.parts[${index}].quantity`,
      );
    }
  }
  const total = parts.reduce((sum, part) => sum + milli(part.quantity), 0);
  if (total !== milli(lot.quantity)) {
    refuse(
      'INSPECTION_INPUT_INVALID',
      `payload.parts must add up to the lot's ${lot.quantity}, not ${total / 1000}`,
      'payload.parts',
    );
  }
}

/**
 * A production lot has no supplier to return to: its rejected part is scrapped or reworked. Refused before anything
 * posts (the task's validator says the same; this guards a disposition that reaches the activity another way).
 */
function checkReturns(lot: InspectionLot, parts: DispositionPart[]): void {
  const index = parts.findIndex((part) => part.kind === 'rejected-return');
  if (index < 0 || lot.source !== 'production') return;
  const field = `payload.parts[${index}].kind`;
  refuse(
    'INSPECTION_INPUT_INVALID',
    `${field} rejected-return is not possible for a production lot: production order ${lot.sourceDocument} has no ` +
      'supplier to return to; scrap the rejected part (rejected-scrap) or send it to rework',
    field,
  );
}

/** One part's stock moves: released parts to available, scrap written off (Dr 5200 / Cr 1300), returns sent back. */
async function postPart(
  em: EntityManager,
  lot: InspectionLot,
  part: DispositionPart,
  index: number,
  input: DisposeInput,
) {
  const stock = {
    itemSku: lot.item.sku,
    lot: lot.stockLotCode ? { code: lot.stockLotCode } : null,
    fromLocation: lot.locationCode,
    fromStatus: 'quarantine' as const,
    quantity: part.quantity,
    documentType: 'inspection-lot',
    documentRef: lot.lotNo,
    userName: input.decidedBy,
    idempotencyKey: `${input.workflowId}:dispose:${index}`,
  };
  if (part.kind === 'accepted' || part.kind === 'use-as-is') {
    await postMove(em, { ...stock, moveType: 'status-change', toStatus: 'available' });
    return null;
  }
  if (part.kind === 'rejected-scrap') {
    await postMove(em, { ...stock, moveType: 'scrap' });
    return null;
  }
  if (part.kind === 'rejected-return') {
    return returnRejected(em, lot, part.quantity, {
      reason: input.cause ?? 'rejected on inspection',
      userName: input.decidedBy,
    });
  }
  return null; // rework: the stock stays in quarantine until it is reworked and inspected again
}

/**
 * Posts the quality engineer's split of a lot in one transaction: the parts must add up to the lot; accepted and
 * use-as-is (with its concession approver) move quarantine -> available; rejected-scrap is scrapped with its write-off;
 * rejected-return goes back to the supplier through a supplier return (the order line reopens; refused for a
 * production lot, which has no supplier); rework stays in quarantine. Every rejection (return, scrap, rework) records a nonconformance. A lot still being inspected is refused.
 */
export async function disposeLot(em: EntityManager, input: DisposeInput): Promise<DisposedLot> {
  await lockLot(em, input.lotNo);
  const lot = await findLot(em, input.lotNo);
  if (!DISPOSABLE.includes(lot.status)) {
    return refuse(
      'INSPECTION_LOT_WRONG_STATUS',
      `Inspection lot ${lot.lotNo} is ${lot.status}: it can be disposed once its readings are recorded`,
      'lotNo',
    );
  }
  checkSplit(lot, input.parts);
  checkReturns(lot, input.parts);
  if (input.parts.some((part) => part.kind === 'use-as-is') && !input.concessionBy) {
    refuse('INSPECTION_INPUT_INVALID', 'use-as-is needs a concession by a second approver', 'concessionBy');
  }
  const result: DisposedLot = { released: 0, returnNumber: null, orderNumber: null, reopened: [], nonconformances: 0 };
  for (const [index, part] of input.parts.entries()) {
    const returned = await postPart(em, lot, part, index, input);
    const row = new InspectionDisposition();
    Object.assign(row, {
      lot,
      kind: part.kind,
      quantity: part.quantity,
      decidedBy: input.decidedBy,
      concessionBy: part.kind === 'use-as-is' ? input.concessionBy : null,
      documentRef: returned?.returnNumber ?? null,
    });
    em.persist(row);
    if (part.kind === 'accepted' || part.kind === 'use-as-is') result.released += part.quantity;
    if (returned) Object.assign(result, returned);
    const action = NONCONFORMANCE_ACTION[part.kind];
    if (action) {
      const record = new Nonconformance();
      Object.assign(record, {
        lot,
        cause: input.cause ?? `lot ${lot.verdict ?? 'judged'} on inspection`,
        quantity: part.quantity,
        supplier: lot.supplier,
        action,
        createdBy: input.decidedBy,
      });
      em.persist(record);
      result.nonconformances += 1;
    }
  }
  lot.status = 'disposed';
  await em.flush();
  await appendAudit(em, {
    actor: input.decidedBy,
    action: 'inspection-lot.disposed',
    entityType: 'inspection_lot',
    entityId: lot.lotNo,
    workflowId: lot.workflowId,
    details: { parts: input.parts, cause: input.cause, concessionBy: input.concessionBy, result },
  });
  return result;
}

/** Marks the lot as waiting for its concession approver (the console's list shows it). */
export async function awaitConcession(em: EntityManager, lotNo: string): Promise<void> {
  await lockLot(em, lotNo);
  const lot = await findLot(em, lotNo);
  if (lot.status === 'awaiting-disposition') lot.status = 'awaiting-concession';
  await em.flush();
}
