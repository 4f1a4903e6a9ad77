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

/**
 * One move per line of the customer's material, owned by the customer (never valued, booked nowhere): a receipt
 * into `location` or a return (an issue) out of it. A refused line refuses the whole request naming its field.
 */
async function postCustomerLines(
  em: EntityManager,
  lines: CustomerMaterialReceiptBody['lines'],
  at: {
    kind: 'receipt' | 'return';
    location: string;
    customerCode: string;
    documentType: string;
    documentRef: string;
    username: string;
  },
): Promise<CustomerMaterialPosted['moves']> {
  const batch = randomUUID(); // the intake runs the request once per Idempotency-Key; the keys only tell lines apart
  const moves: CustomerMaterialPosted['moves'] = [];
  for (const [index, line] of lines.entries()) {
    const receipt = at.kind === 'receipt';
    const posted = await postMove(em, {
      moveType: receipt ? 'receipt' : 'issue',
      itemSku: line.itemSku,
      lot: lotOf(line, receipt),
      ...(receipt ? { toLocation: at.location } : { fromLocation: at.location }),
      quantity: line.quantity,
      documentType: at.documentType,
      documentRef: at.documentRef,
      lineNo: index + 1,
      userName: at.username,
      idempotencyKey: `customer-material:${at.kind}:${batch}:${index}`,
      ownerCustomerCode: at.customerCode,
    }).catch((error: unknown) => refusedLine(error, index));
    moves.push({
      lineNo: index + 1,
      itemSku: line.itemSku,
      lotCode: line.lotCode ?? null,
      quantity: line.quantity,
      moveId: posted.moveId,
    });
  }
  return moves;
}

/** A line's lot: a receipt names its expiry too, a return only finds the lot. */
function lotOf(line: { lotCode?: string; expiresOn?: string | null }, receipt: boolean) {
  if (line.lotCode === undefined) return null;
  return receipt ? { code: line.lotCode, expiresOn: line.expiresOn ?? null } : { code: line.lotCode };
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
  const moves = await postCustomerLines(em, body.lines, {
    kind: 'receipt',
    location: body.location,
    customerCode: customer.code,
    documentType: CUSTOMER_RECEIPT_DOCUMENT,
    documentRef,
    username,
  });
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
  const moves = await postCustomerLines(em, body.lines, {
    kind: 'return',
    location: body.location,
    customerCode: customer.code,
    documentType: CUSTOMER_RETURN_DOCUMENT,
    documentRef,
    username,
  });
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
