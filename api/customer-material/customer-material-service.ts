import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Customer, SalesOrder } from '../../db/entities';
import { BooksError } from '../../db/errors';
import { postMove } from '../../db/inventory/post-move';
import { ApiError } from '../errors';
import type { IntakeWork } from '../intake/intake';
import type {
  CustomerMaterialPosted,
  CustomerMaterialReceiptBody,
  CustomerMaterialReturnBody,
} from './customer-material-schemas';

/** The stock ledger's document types of customer material coming in and going back (the statement reads them). */
export const CUSTOMER_RECEIPT_DOCUMENT = 'customer-material-receipt';
export const CUSTOMER_RETURN_DOCUMENT = 'customer-material-return';

/** Where a books refusal about a line points in the request: the line's own field, or the request's location. */
const FIELD_OF: Record<string, (index: number) => string> = {
  itemSku: (i) => `lines[${i}].itemSku`,
  'lot.code': (i) => `lines[${i}].lotCode`,
  quantity: (i) => `lines[${i}].quantity`,
  toLocation: () => 'location',
  fromLocation: () => 'location',
  ownerCustomerCode: () => 'customerCode',
};

/** The books refused line `index`: the same refusal, naming the request's field (nothing of the request is kept). */
function refusedLine(error: unknown, index: number): never {
  if (!(error instanceof BooksError)) throw error;
  const field = FIELD_OF[error.field ?? 'quantity']?.(index) ?? `lines[${index}]`;
  throw new BooksError(error.code, `Line ${index + 1}: ${error.message}`, field);
}

async function requireCustomer(em: EntityManager, code: string): Promise<Customer> {
  const customer = await em.findOne(Customer, { code });
  if (!customer) throw new ApiError('UNKNOWN_CUSTOMER', `No customer ${code}`, 'customerCode');
  return customer;
}

/** The document the material comes in against: the customer's own sales order, or their reference. */
async function receiptReference(em: EntityManager, body: CustomerMaterialReceiptBody, customer: Customer) {
  if (body.salesOrderNumber === undefined) return body.customerReference ?? '';
  const order = await em.findOne(SalesOrder, { orderNumber: body.salesOrderNumber });
  if (!order) {
    throw new ApiError('VALIDATION_FAILED', `No sales order ${body.salesOrderNumber}`, 'salesOrderNumber');
  }
  if (order.customer.id !== customer.id) {
    throw new ApiError(
      'VALIDATION_FAILED',
      `Sales order ${order.orderNumber} is not ${customer.code}'s: material comes in against its owner's order`,
      'salesOrderNumber',
    );
  }
  return order.orderNumber;
}

/**
 * Receives a customer's material (issue 15) in the intake's transaction: one `receipt` move per line, owned by the
 * customer, against their sales order or reference. The owner decides valuation: no FIFO layer, no journal entry,
 * Inventory (1300) untouched. Refusals name the field and keep nothing: an unknown customer (customerCode), a sales
 * order of someone else (salesOrderNumber), an unknown item, location or missing lot (lines[i].…, location).
 */
export async function receiveCustomerMaterial(
  em: EntityManager,
  body: CustomerMaterialReceiptBody,
  username: string,
): Promise<IntakeWork<CustomerMaterialPosted>> {
  const customer = await requireCustomer(em, body.customerCode);
  const documentRef = await receiptReference(em, body, customer);
  const batch = randomUUID();
  const moves: CustomerMaterialPosted['moves'] = [];
  for (const [index, line] of body.lines.entries()) {
    const posted = await postMove(em, {
      moveType: 'receipt',
      itemSku: line.itemSku,
      lot: line.lotCode === undefined ? null : { code: line.lotCode, expiresOn: line.expiresOn ?? null },
      toLocation: body.location,
      quantity: line.quantity,
      documentType: CUSTOMER_RECEIPT_DOCUMENT,
      documentRef,
      lineNo: index + 1,
      userName: username,
      idempotencyKey: `customer-material:receipt:${batch}:${index}`,
      ownerCustomerCode: customer.code,
    }).catch((error: unknown) => refusedLine(error, index));
    moves.push({
      lineNo: index + 1,
      itemSku: line.itemSku,
      lotCode: line.lotCode ?? null,
      quantity: line.quantity,
      moveId: posted.moveId,
    });
  }
  const answer = { customerCode: customer.code, documentType: CUSTOMER_RECEIPT_DOCUMENT, documentRef, moves };
  return {
    body: answer,
    audit: {
      actor: username,
      action: 'customer-material.received',
      entityType: 'customer',
      entityId: customer.code,
      details: { ...body, moves },
    },
  };
}

/**
 * Returns what is left of a customer's material to them: one `issue` move per line out of `location`, taken from
 * the customer's own balance only (never ours), valued at nothing and booked nowhere. More than we hold of theirs
 * there refuses the whole return naming lines[i].quantity, with nothing kept.
 */
export async function returnCustomerMaterial(
  em: EntityManager,
  body: CustomerMaterialReturnBody,
  username: string,
): Promise<IntakeWork<CustomerMaterialPosted>> {
  const customer = await requireCustomer(em, body.customerCode);
  const documentRef = body.reference ?? customer.code;
  const batch = randomUUID();
  const moves: CustomerMaterialPosted['moves'] = [];
  for (const [index, line] of body.lines.entries()) {
    const posted = await postMove(em, {
      moveType: 'issue',
      itemSku: line.itemSku,
      lot: line.lotCode === undefined ? null : { code: line.lotCode },
      fromLocation: body.location,
      quantity: line.quantity,
      documentType: CUSTOMER_RETURN_DOCUMENT,
      documentRef,
      lineNo: index + 1,
      userName: username,
      idempotencyKey: `customer-material:return:${batch}:${index}`,
      ownerCustomerCode: customer.code,
    }).catch((error: unknown) => refusedLine(error, index));
    moves.push({
      lineNo: index + 1,
      itemSku: line.itemSku,
      lotCode: line.lotCode ?? null,
      quantity: line.quantity,
      moveId: posted.moveId,
    });
  }
  return {
    body: { customerCode: customer.code, documentType: CUSTOMER_RETURN_DOCUMENT, documentRef, moves },
    audit: {
      actor: username,
      action: 'customer-material.returned',
      entityType: 'customer',
      entityId: customer.code,
      details: { ...body, moves },
    },
  };
}
