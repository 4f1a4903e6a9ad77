import type { EntityManager } from '@mikro-orm/postgresql';
import type { InvoicePosting } from '../../workflows/supplier-invoice/supplier-invoice.contract';
import { ACCOUNTS, postJournal, type JournalLineInput } from '../../db/accounting/journal';
import { recordProductionShares } from '../../db/inventory/revalue-production';
import { appendAudit } from '../../db/repositories/audit-repository';
import { query } from '../../db/sql';
import type { FollowedCosts } from './cost-follows-goods';
import type { InvoiceHeader } from './invoice-queries';

const INPUT_TAX = '1510';

/**
 * Books a matched supplier invoice once its lines are cleared and the differences followed their goods: Dr the cleared
 * account (2100 GRNI, or 2300 fees accrued), Dr 1510 the tax, Cr 2200 the gross, the differences to 1300 and the
 * accounts of the goods already gone; the production orders' shares recorded against the entry; the invoice `posted`
 * with its entry; an audit row. Dated `at` (now: the open period, never a closed one).
 */
export async function bookInvoice(
  em: EntityManager,
  header: InvoiceHeader,
  input: { workflowId: string; decidedBy: string },
  booked: { clearedAccount: string; clearedCents: number; followed: FollowedCosts; at: Date },
): Promise<InvoicePosting> {
  const invoiceKey = `${header.supplierCode}-${header.invoiceNumber}`;
  const { onHandCents, issued, orders } = booked.followed;
  const taxCents = Math.round(header.taxTotal * 100);
  const grossCents = Math.round(header.grossTotal * 100);
  const journalLines: JournalLineInput[] = [
    { account: booked.clearedAccount, debitCents: booked.clearedCents },
    { account: INPUT_TAX, debitCents: taxCents },
    { account: ACCOUNTS.payable, creditCents: grossCents },
    signed(ACCOUNTS.inventory, onHandCents),
    ...Object.entries(issued).map(([account, cents]) => signed(account, cents)),
  ];
  const journalEntryId = await postJournal(em, {
    entryDate: booked.at,
    sourceType: 'supplier-invoice',
    sourceRef: invoiceKey,
    description: `Supplier invoice ${header.invoiceNumber} of ${header.supplierCode} for ${header.orderNumber}`,
    lines: journalLines,
    idempotencyKey: `${input.workflowId}:post`,
    createdBy: input.decidedBy,
  });
  await recordProductionShares(em, orders, {
    journalEntryId,
    key: `${input.workflowId}:post`,
    userName: input.decidedBy,
    at: booked.at,
  });
  await query(
    em,
    `update supplier_invoice set status = 'posted', journal_entry_id = ?, decided_at = now(), decided_by = ? where id = ?`,
    [journalEntryId, input.decidedBy, header.id],
  );
  const cleared = booked.clearedCents / 100;
  const posting: InvoicePosting = {
    journalEntryId,
    grniCleared: booked.clearedAccount === ACCOUNTS.grni ? cleared : 0,
    ...(booked.clearedAccount === ACCOUNTS.grni ? {} : { feesCleared: cleared }),
    inputTax: taxCents / 100,
    payable: grossCents / 100,
    priceDifference: {
      onHand: onHandCents / 100,
      issued: Object.fromEntries(Object.entries(issued).map(([account, cents]) => [account, cents / 100])),
    },
  };
  await appendAudit(em, {
    actor: input.decidedBy,
    action: 'supplier-invoice.posted',
    entityType: 'supplier_invoice',
    entityId: invoiceKey,
    workflowId: input.workflowId,
    details: { ...posting },
  });
  return posting;
}

function signed(account: string, cents: number): JournalLineInput {
  return cents >= 0 ? { account, debitCents: cents } : { account, creditCents: -cents };
}
