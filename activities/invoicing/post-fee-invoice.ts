import type { EntityManager } from '@mikro-orm/postgresql';
import type { InvoicePosting } from '../../workflows/supplier-invoice/supplier-invoice.contract';
import { appendAudit } from '../../db/repositories/audit-repository';
import { query } from '../../db/sql';
import { reject } from '../errors';
import { bookInvoice } from './book-invoice';
import { followGoods, type CostChange, type FollowedChange } from './cost-follows-goods';
import { accruedToClear, feeLines, openFeeQuantity, type FeeLineRow } from './fee-invoice-queries';
import type { InvoiceHeader } from './invoice-queries';

/** POSTINGS.md 2300: subcontract fees accrued, cleared by the fee invoice. */
const SUBCONTRACT_FEES_ACCRUED = '2300';
/** Where a difference goes when the goods' consuming move stored no account (purchase price variance). */
const PRICE_VARIANCE = '5400';

/** How the order explains each account a difference went to. */
const ACCOUNT_WORDS: Record<string, string> = {
  '1400': 'WIP',
  '5000': 'COGS',
  '5100': 'inventory adjustments',
  '5200': 'scrap',
  '5300': 'material consumption',
  '5400': 'price variance',
  '5500': 'production variance',
};

const money = (cents: number) => (cents / 100).toFixed(2);
const signedMoney = (cents: number) => `${cents >= 0 ? '+' : '-'}${money(Math.abs(cents))}`;

/** "fee difference +12.40: 8.00 on hand, 4.40 COGS (5000)" */
export function explainFeeDifference(differenceCents: number, part: FollowedChange): string {
  if (differenceCents === 0) return 'fee as accrued: no difference';
  const pieces = [
    ...(part.onHandCents !== 0 ? [`${money(part.onHandCents)} on hand`] : []),
    ...Object.entries(part.issued)
      .filter(([, cents]) => cents !== 0)
      .map(([account, cents]) => `${money(cents)} ${ACCOUNT_WORDS[account] ?? 'account'} (${account})`),
  ];
  return `fee difference ${signedMoney(differenceCents)}: ${pieces.join(', ')}`;
}

/**
 * Posts a matched (or approved) subcontract fee invoice in the caller's transaction, dated now (the open period, never
 * the delivery's, which may be closed): Dr 2300 the fee accrued for each line's delivery quantity (a delivery invoiced
 * in full clears exactly its accrual), Dr 1510 tax, Cr 2200 gross; each line's difference (net − accrual cleared)
 * follows that delivery's finished goods by the after-the-fact rule (cost-follows-goods.ts). Each line's settlement
 * (which delivery, quantity, cleared, difference and where it went, in words) is stored, and the order gets an audit
 * row per invoice. A line beyond what is still open on its delivery (another invoice posted first) is refused.
 */
export async function postFeeInvoice(
  em: EntityManager,
  header: InvoiceHeader,
  input: { workflowId: string; decidedBy: string },
): Promise<InvoicePosting> {
  const lines = await feeLines(em, header.id, header.orderNumber);
  const now = new Date();
  let clearedCents = 0;
  const changes: CostChange[] = [];
  const cleared: number[] = [];
  const taken = new Map<number, { quantity: number; cents: number }>();
  for (const line of lines) {
    // Earlier lines of this invoice on the same delivery count as settled for the later ones.
    const before = taken.get(line.deliveryId) ?? { quantity: 0, cents: 0 };
    line.settledQuantity += before.quantity;
    line.settledCents += before.cents;
    refuseLine(line);
    const clears = accruedToClear(line);
    taken.set(line.deliveryId, { quantity: before.quantity + line.quantity, cents: before.cents + clears });
    clearedCents += clears;
    cleared.push(clears);
    if (line.goods) changes.push({ goods: line.goods, cents: Math.round(line.netAmount * 100) - clears });
  }
  const followed = await followGoods(em, changes, PRICE_VARIANCE, now);
  const posting = await bookInvoice(em, header, input, {
    clearedAccount: SUBCONTRACT_FEES_ACCRUED,
    clearedCents,
    followed,
    at: now,
  });
  const settlements = [];
  for (const [index, line] of lines.entries()) {
    const clears = cleared[index] ?? 0;
    const differenceCents = Math.round(line.netAmount * 100) - clears;
    const part = followed.parts[index] ?? { onHandCents: 0, issued: {} };
    const explanation = `Delivery ${line.deliveryNo}, ${line.quantity} invoiced: ${explainFeeDifference(differenceCents, part)}`;
    await query(
      em,
      `insert into subcontract_fee_settlement (invoice_line_id, delivery_id, quantity, accrued_cleared, invoiced_net,
                                               difference, on_hand, issued, explanation, journal_entry_id, created_at)
       values (?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?)`,
      [
        line.id,
        line.deliveryId,
        line.quantity,
        money(clears),
        line.netAmount,
        money(differenceCents),
        money(part.onHandCents),
        JSON.stringify(Object.fromEntries(Object.entries(part.issued).map(([a, c]) => [a, c / 100]))),
        explanation,
        posting.journalEntryId,
        now,
      ],
    );
    settlements.push({ deliveryNo: line.deliveryNo, quantity: line.quantity, explanation });
  }
  await appendAudit(em, {
    actor: input.decidedBy,
    action: 'subcontract-order.fee-invoiced',
    entityType: 'subcontract_order',
    entityId: header.orderNumber,
    workflowId: input.workflowId,
    details: { invoice: `${header.supplierCode}-${header.invoiceNumber}`, settlements, ...posting },
  });
  return posting;
}

/** The line must still find its delivery's fee open, and the delivery's finished goods to follow. */
function refuseLine(line: FeeLineRow): void {
  const field = `lines[${line.lineNo - 1}].quantity`;
  const open = openFeeQuantity(line);
  if (line.quantity > open + 1e-9) {
    reject(
      'POSTING_REJECTED',
      `Line ${line.lineNo} invoices ${line.quantity} of delivery ${line.deliveryNo}; open: ${open}`,
      {
        field,
      },
    );
  }
  if (!line.goods) {
    reject('POSTING_REJECTED', `Delivery ${line.deliveryNo} has no finished-goods receipt to follow`, { field });
  }
}
