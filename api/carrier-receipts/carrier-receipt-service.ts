import type { EntityManager } from '@mikro-orm/postgresql';
import { assertPeriodOpen } from '../../db/accounting/periods';
import { CarrierReceipt, CarrierReceiptLine, carrierReceiptPostingDate, Supplier } from '../../db/entities';
import { BooksError } from '../../db/errors';
import { num, query } from '../../db/sql';
import { carrierReceiptStart } from '../../workflows/carrier-receipt/carrier-receipt.start';
import { carrierReceiptWorkflowId } from '../../workflows/carrier-receipt/carrier-receipt.contract';
import { ApiError } from '../errors';
import type { IntakeWork } from '../intake/intake';
import { movesOfDelivery, type CoveredMove } from './carrier-receipt-deliveries';
import type { CreateCarrierReceiptBody } from './carrier-receipt-schemas';

/** The carrier: an active supplier record, else 400 naming carrierCode. */
async function carrierOf(em: EntityManager, code: string): Promise<Supplier> {
  const carrier = await em.findOne(Supplier, { code });
  if (!carrier) throw new ApiError('UNKNOWN_SUPPLIER', `No carrier (supplier) ${code}`, 'carrierCode');
  if (!carrier.active) throw new ApiError('UNKNOWN_SUPPLIER', `Carrier ${code} is deactivated`, 'carrierCode');
  return carrier;
}

/** Every delivery's receipt moves, each delivery named once. */
async function coveredMoves(em: EntityManager, body: CreateCarrierReceiptBody): Promise<CoveredMove[]> {
  const seen = new Set<string>();
  const moves: CoveredMove[] = [];
  for (const [index, delivery] of body.deliveries.entries()) {
    const field = `deliveries[${index}].reference`;
    if (seen.has(delivery.reference)) {
      throw new ApiError('VALIDATION_FAILED', `Delivery ${delivery.reference} is listed twice`, field);
    }
    seen.add(delivery.reference);
    moves.push(...(await movesOfDelivery(em, delivery.reference, field)));
  }
  return moves;
}

/**
 * Stores a carrier receipt in the intake's transaction and queues its posting process. Refused, with nothing stored:
 * an unknown or deactivated carrier (carrierCode), a second receipt of the same carrier and reference (409 DUPLICATE:
 * the carrier receipt is entered and posted once), a date in the future or in a closed period (date), an unknown or
 * rejected delivery or one listed twice (deliveries[i].reference). Amount and shapes are checked by the schema.
 */
export async function createCarrierReceipt(
  em: EntityManager,
  body: CreateCarrierReceiptBody,
  username: string,
  taskQueue: string,
): Promise<IntakeWork<{ receiptNumber: string; workflowId: string }>> {
  const carrier = await carrierOf(em, body.carrierCode);
  // A receipt the books refused (its period closed) does not hold its reference: it is entered again.
  const existing = await em.findOne(CarrierReceipt, {
    carrier,
    reference: body.reference,
    status: { $ne: 'refused' },
  });
  if (existing) {
    throw new ApiError(
      'DUPLICATE',
      `Carrier receipt ${body.reference} of ${body.carrierCode} is already entered as ${existing.receiptNumber}`,
      'reference',
    );
  }
  if (body.date > new Date().toISOString().slice(0, 10)) {
    throw new ApiError('VALIDATION_FAILED', `date ${body.date} lies in the future`, 'date');
  }
  await assertPeriodOpen(em, carrierReceiptPostingDate(body.date)).catch((error: unknown) => {
    if (error instanceof BooksError) throw new BooksError(error.code, error.message, 'date');
    throw error;
  });
  const moves = await coveredMoves(em, body);
  const [seq] = await query<{ n: string }>(em, `select nextval('carrier_receipt_number_seq') as n`);
  const receiptNumber = `CR-${String(num(seq?.n)).padStart(6, '0')}`;
  const workflowId = carrierReceiptWorkflowId(receiptNumber);
  const receipt = Object.assign(new CarrierReceipt(), {
    receiptNumber,
    carrier,
    reference: body.reference,
    receiptDate: body.date,
    amount: body.amount,
    workflowId,
    createdBy: username,
  });
  em.persist(receipt);
  moves.forEach((move, index) =>
    em.persist(Object.assign(new CarrierReceiptLine(), { ...move, receipt, lineNo: index + 1 })),
  );
  await em.flush();
  return {
    body: { receiptNumber, workflowId },
    starts: [carrierReceiptStart(receiptNumber, username, taskQueue)],
    audit: {
      actor: username,
      action: 'carrier-receipt.created',
      entityType: 'carrier_receipt',
      entityId: receiptNumber,
      workflowId,
      details: { ...body },
    },
  };
}
