import type { EntityManager } from '@mikro-orm/postgresql';
import { ACCOUNTS, type JournalLineInput } from '../../db/accounting/journal';
import { num, query } from '../../db/sql';
import { receiptValueCents } from '../../rules/valuation';

/** Purchase price variance: where a return's difference between the price cleared and the layer's cost goes. */
export const PRICE_VARIANCE_ACCOUNT = '5400';

/** How much of one receipt was invoiced, and at what average net unit price (null: nothing invoiced). */
export interface InvoicedPart {
  quantity: number;
  unitPrice: number | null;
}

/**
 * The invoiced part of a receipt move, from the supplier invoices' matches (helper B's supplier_invoice_match).
 * Until that table exists every receipt counts as not invoiced, so returns clear GRNI.
 */
export async function invoicedPart(em: EntityManager, receiptMoveId: number): Promise<InvoicedPart> {
  const [table] = await query<{ present: boolean }>(
    em,
    `select to_regclass('supplier_invoice_match') is not null as present`,
  );
  if (!table?.present) return { quantity: 0, unitPrice: null };
  const [row] = await query<{ qty: string | null; price: string | null }>(
    em,
    `select sum(m.quantity) as qty, sum(m.quantity * l.unit_price_net) / nullif(sum(m.quantity), 0) as price
       from supplier_invoice_match m join supplier_invoice_line l on l.id = m.invoice_line_id
      where m.receipt_move_id = ?`,
    [receiptMoveId],
  );
  return { quantity: num(row?.qty ?? 0), unitPrice: row?.price == null ? null : num(row.price) };
}

/** What one return quantity books, in milli-units and cents. */
export interface ReturnSplit {
  grniQty: number;
  grniCents: number;
  payableCents: number;
  /** Layer cost minus what GRNI and payables are debited: a debit to price variance when positive. */
  varianceCents: number;
}

/**
 * The one branch between GRNI and payables (POSTINGS.md, supplier return): the part of the receipt not yet invoiced
 * (received − invoiced − what earlier returns already took from GRNI) debits GRNI at the receipt price; the rest is
 * a debit note against payables at the invoice price. The goods leave Inventory at their layer's cost; a difference
 * between that cost and the price cleared (freight landed on them, a re-valuation) belongs to goods that are gone,
 * so by the after-the-fact rule it goes where such goods' cost goes: purchase price variance. Quantities in milli.
 */
export function splitReturn(
  qty: number,
  receipt: { qty: number; unitPrice: number; returnedToGrni: number },
  invoiced: { qty: number; unitPrice: number | null },
  layerCents: number,
): ReturnSplit {
  const notInvoiced = Math.max(0, receipt.qty - invoiced.qty - receipt.returnedToGrni);
  const grniQty = Math.min(qty, notInvoiced);
  const grniCents = receiptValueCents(grniQty, receipt.unitPrice);
  const payableCents = receiptValueCents(qty - grniQty, invoiced.unitPrice ?? receipt.unitPrice);
  return { grniQty, grniCents, payableCents, varianceCents: layerCents - grniCents - payableCents };
}

/** The return's journal lines: Inventory credited at the layer cost, GRNI / payables debited, the variance signed. */
export function returnJournalLines(split: ReturnSplit, layerCents: number): JournalLineInput[] {
  const variance = split.varianceCents;
  return [
    { account: ACCOUNTS.grni, debitCents: split.grniCents },
    { account: ACCOUNTS.payable, debitCents: split.payableCents },
    variance >= 0
      ? { account: PRICE_VARIANCE_ACCOUNT, debitCents: variance }
      : { account: PRICE_VARIANCE_ACCOUNT, creditCents: -variance },
    { account: ACCOUNTS.inventory, creditCents: layerCents },
  ];
}
