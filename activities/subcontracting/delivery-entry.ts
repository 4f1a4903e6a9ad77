import type { EntityManager } from '@mikro-orm/postgresql';
import { ACCOUNTS, postJournal, type JournalLineInput } from '../../db/accounting/journal';
import { SUBCONTRACT_FEES_ACCRUED } from './component-postings';
import { SUBCONTRACT_DOCUMENT } from './subcontract-order-read';

/** What one delivery moved, in cents, as its moves valued it (postMove `journal: false`). */
export interface DeliveryValues {
  orderNumber: string;
  deliveryNo: number;
  /** The delivery's idempotency key (`subcontract:<order>:d<no>`): the entry's key is derived from it. */
  key: string;
  userName: string;
  finishedSku: string;
  finishedQuantity: number;
  /** The finished goods' receipt as valued into their layer: components consumed + fee. */
  finishedCents: number;
  feeCents: number;
  /** Per component line: its consumed and scrapped value (FIFO cost of what left the supplier's site). */
  components: Array<{ sku: string; consumedCents: number; scrappedCents: number }>;
}

/**
 * Books a subcontract delivery as one journal entry (POSTINGS.md "subcontract receipt"): Dr 1300 the finished goods,
 * Cr 1300 each component consumed at its FIFO cost, Cr 2300 exactly the fee; scrap the supplier reported with the
 * delivery is Dr 5200 / Cr 1300 in the same entry. Called in the delivery's transaction after its moves, so the entry
 * and the stock subledger commit together; keyed by the delivery, so it is posted once (a repeat returns the first).
 * The ledger's balance check refuses an entry whose finished value is not components + fee. A customer's material
 * consumed or scrapped is worth 0 (never ours, never 1300): its lines carry no cents and so no journal line.
 */
export async function bookDeliveryEntry(em: EntityManager, values: DeliveryValues): Promise<number | null> {
  const consumed = values.components.filter((line) => line.consumedCents > 0);
  const scrapped = values.components.filter((line) => line.scrappedCents > 0);
  const scrapCents = scrapped.reduce((sum, line) => sum + line.scrappedCents, 0);
  const lines: JournalLineInput[] = [
    { account: ACCOUNTS.inventory, debitCents: values.finishedCents },
    { account: ACCOUNTS.scrap, debitCents: scrapCents },
    ...consumed.map((line) => ({ account: ACCOUNTS.inventory, creditCents: line.consumedCents })),
    ...scrapped.map((line) => ({ account: ACCOUNTS.inventory, creditCents: line.scrappedCents })),
    { account: SUBCONTRACT_FEES_ACCRUED, creditCents: values.feeCents },
  ];
  const used = consumed.map((line) => line.sku).join(', ');
  return postJournal(em, {
    entryDate: new Date(),
    sourceType: SUBCONTRACT_DOCUMENT,
    sourceRef: values.orderNumber,
    description:
      `Subcontract delivery ${values.deliveryNo}: ${values.finishedQuantity} ${values.finishedSku}` +
      (used ? ` from ${used}` : '') +
      ' + fee',
    lines,
    idempotencyKey: `${values.key}:entry`,
    createdBy: values.userName,
  });
}
