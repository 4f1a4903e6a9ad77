import type { EntityManager } from '@mikro-orm/postgresql';
import { ACCOUNTS, pair, postJournal } from '../../db/accounting/journal';
import { Payment, PaymentAllocation, type PaymentSource } from '../../db/entities';
import { BooksError } from '../../db/errors';
import { num, query } from '../../db/sql';
import { ApiError } from '../errors';
import { findPartner, openItems, type OpenItem, type Partner } from './open-items';
import type { PaymentInput } from './payment-schemas';

/** One planned application: the invoice and the cents it receives. */
interface Application {
  item: OpenItem;
  cents: number;
}

const cents = (amount: number) => Math.round(amount * 100);
const money = (value: number) => (value / 100).toFixed(2);

/**
 * Enters a payment: finds its partner, applies it to open invoices (the explicit allocations, or the oldest due
 * first), raises the invoices' paid amounts and posts it (customer receipt: Dr 1000 Bank / Cr 1100 receivables;
 * supplier payment: Dr 2200 payables / Cr 1000 Bank) in the caller's transaction, so the application and the entry
 * commit together or not at all. Bad input is a 400 naming the field; nothing is written before every check passed.
 */
export async function enterPayment(
  em: EntityManager,
  input: PaymentInput,
  ctx: { actor: string; source: PaymentSource; today?: string },
): Promise<Payment> {
  const today = ctx.today ?? new Date().toISOString().slice(0, 10);
  if (input.paidOn > today)
    throw new ApiError('VALIDATION_FAILED', `paidOn ${input.paidOn} lies in the future`, 'paidOn');
  const partner = await findPartner(em, input.kind, input.partner);
  const items = await openItems(em, partner);
  const amountCents = cents(input.amount);
  const applications = input.allocations
    ? explicit(items, input, amountCents)
    : oldestFirst(items, amountCents, partner);
  const [seq] = await query<{ n: string }>(em, `select nextval('payment_number_seq') as n`);
  const paymentNumber = `PAY-${String(num(seq?.n)).padStart(6, '0')}`;
  const payment = em.create(Payment, {
    paymentNumber,
    kind: input.kind,
    customer: partner.kind === 'customer-receipt' ? partner.entity : null,
    supplier: partner.kind === 'supplier-payment' ? partner.entity : null,
    amount: input.amount,
    paidOn: input.paidOn,
    reference: input.reference ?? null,
    source: ctx.source,
    createdBy: ctx.actor,
    createdAt: new Date(),
  });
  for (const { item, cents: applied } of applications) {
    item.pay(applied);
    em.create(PaymentAllocation, {
      payment,
      customerInvoice: item.customerInvoice ?? null,
      supplierInvoice: item.supplierInvoice ?? null,
      amount: applied / 100,
    });
  }
  payment.journalEntryId = await postPayment(em, payment, partner, amountCents);
  await em.flush();
  return payment;
}

/** The entry of a payment, dated at its value date (its period must be open: else 400 naming `paidOn`). */
async function postPayment(em: EntityManager, payment: Payment, partner: Partner, amountCents: number) {
  const lines =
    partner.kind === 'customer-receipt'
      ? pair(ACCOUNTS.bank, ACCOUNTS.receivable, amountCents)
      : pair(ACCOUNTS.payable, ACCOUNTS.bank, amountCents);
  try {
    return await postJournal(em, {
      entryDate: new Date(`${payment.paidOn}T12:00:00Z`),
      sourceType: 'payment',
      sourceRef: payment.paymentNumber,
      description: `${payment.kind === 'customer-receipt' ? 'Receipt from' : 'Payment to'} ${partner.entity.code} (${payment.paymentNumber})`,
      lines,
      idempotencyKey: `payment:${payment.paymentNumber}`,
      createdBy: payment.createdBy,
    });
  } catch (error) {
    if (error instanceof BooksError && error.code === 'PERIOD_CLOSED')
      throw new BooksError(error.code, error.message, 'paidOn');
    throw error;
  }
}

/** The allocations as given: each names an open invoice of the partner, none overpays it, and they add up to amount. */
function explicit(items: OpenItem[], input: PaymentInput, amountCents: number): Application[] {
  const byNumber = new Map(items.map((item) => [item.invoiceNumber, item]));
  const seen = new Set<string>();
  const applications = (input.allocations ?? []).map((allocation, index) => {
    const field = `allocations.${index}`;
    const item = byNumber.get(allocation.invoiceNumber);
    if (!item) {
      throw new ApiError(
        'VALIDATION_FAILED',
        `${allocation.invoiceNumber} is not an open invoice of ${input.partner}`,
        `${field}.invoiceNumber`,
      );
    }
    if (seen.has(allocation.invoiceNumber)) {
      throw new ApiError(
        'VALIDATION_FAILED',
        `${allocation.invoiceNumber} is allocated twice`,
        `${field}.invoiceNumber`,
      );
    }
    seen.add(allocation.invoiceNumber);
    const open = item.grossCents - item.paidCents;
    const applied = cents(allocation.amount);
    if (applied > open) {
      throw new ApiError(
        'VALIDATION_FAILED',
        `${money(applied)} overpays ${item.invoiceNumber}: only ${money(open)} is open`,
        `${field}.amount`,
      );
    }
    return { item, cents: applied };
  });
  const total = applications.reduce((sum, a) => sum + a.cents, 0);
  if (total !== amountCents) {
    throw new ApiError(
      'VALIDATION_FAILED',
      `The allocations add up to ${money(total)}, the payment is ${money(amountCents)}: they must be equal`,
      'allocations',
    );
  }
  return applications;
}

/** The oldest due invoices first until the amount is used up; more than is open overpays (400 naming `amount`). */
function oldestFirst(items: OpenItem[], amountCents: number, partner: Partner): Application[] {
  const open = items.reduce((sum, item) => sum + item.grossCents - item.paidCents, 0);
  if (amountCents > open) {
    throw new ApiError(
      'VALIDATION_FAILED',
      `${money(amountCents)} is more than the ${money(open)} ${partner.entity.code} has open: it would overpay`,
      'amount',
    );
  }
  const applications: Application[] = [];
  let left = amountCents;
  for (const item of items) {
    if (left === 0) break;
    const applied = Math.min(left, item.grossCents - item.paidCents);
    applications.push({ item, cents: applied });
    left -= applied;
  }
  return applications;
}
