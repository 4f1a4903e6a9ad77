import type { EntityManager } from '@mikro-orm/postgresql';
import { distribute } from '../../rules/cost-distribution';
import { splitPriceDifference, type ReceiptWhereabouts } from '../../rules/invoice-match';
import type { InvoicePosting } from '../../workflows/supplier-invoice/supplier-invoice.contract';
import { ACCOUNTS, postJournal, type JournalLineInput } from '../../db/accounting/journal';
import { productionShares, recordProductionShares, type IssuedShare } from '../../db/inventory/revalue-production';
import { lockScope, shiftScopeStep } from '../../db/inventory/valuation-store';
import { appendAudit } from '../../db/repositories/audit-repository';
import { num, query, runSteps } from '../../db/sql';
import { reject } from '../errors';
import { invoiceLines, lockInvoice, orderReceipts, takeReceipts, type ReceiptSlice } from './invoice-queries';

const INPUT_TAX = '1510';
/** Where an issued part goes when its issue stored no account of its own (POSTINGS.md: purchase price variance). */
const PRICE_VARIANCE = '5400';

/**
 * Posts a matched (or approved) supplier invoice in one transaction: Dr 2100 GRNI for the invoiced quantity at each
 * receipt's price (receipts oldest first; a receipt invoiced in full clears exactly what it booked), Dr 1510 the tax,
 * Cr 2200 the gross; the price difference (invoice net - GRNI cleared) per receipt follows the after-the-fact rule:
 * the share still on hand re-values the receipt's layer (1300), each issued share goes to the account its issue
 * booked (5400 when it stored none), a production issue's to its order (revalue-production: WIP and a cost row while
 * the order is open, production variance 5500 once it is closed). Records which receipts each line cleared;
 * the invoice becomes `posted`.
 * The caller runs it once per workflow (runOnce): the key and the posting commit together.
 */
export async function postSupplierInvoice(
  em: EntityManager,
  input: { workflowId: string; invoiceId: number; decidedBy: string },
): Promise<InvoicePosting> {
  const header = await lockInvoice(em, input.invoiceId);
  if (header.status !== 'matching' && header.status !== 'awaiting-approval') {
    return reject('POSTING_REJECTED', `Supplier invoice ${header.invoiceNumber} is ${header.status}`);
  }
  const lines = await invoiceLines(em, header.id);
  const receipts = await orderReceipts(em, header.orderNumber);
  const invoiceKey = `${header.supplierCode}-${header.invoiceNumber}`;
  const now = new Date();
  let clearedCents = 0;
  let onHandCents = 0;
  const issued: Record<string, number> = {};
  const issuedShares: Array<IssuedShare & { account: string }> = [];
  const onHand: Array<{ slice: ReceiptSlice; line: (typeof lines)[number]; cents: number }> = [];
  for (const line of lines) {
    const { slices, missing } = takeReceipts(receipts, line.orderLineNo, line.quantity);
    if (missing > 1e-9) {
      return reject('POSTING_REJECTED', `Line ${line.lineNo} invoices ${missing} more than was received`, {
        field: `lines[${line.lineNo - 1}].quantity`,
      });
    }
    const netShares = distribute(
      Math.round(line.netAmount * 100),
      slices.map((slice, index) => ({ id: String(index), basisValue: slice.quantity })),
      'largest-remainder',
    );
    for (const [index, slice] of slices.entries()) {
      const differenceCents = (netShares[index]?.cents ?? 0) - slice.clearedCents;
      clearedCents += slice.clearedCents;
      await recordMatch(em, line.id, slice);
      // Later lines of the same order line see this receipt as invoiced too.
      slice.receipt.invoicedQuantity += slice.quantity;
      slice.receipt.clearedCents += slice.clearedCents;
      const split = splitPriceDifference(differenceCents, await whereabouts(em, slice, line), PRICE_VARIANCE);
      if (split.onHandCents !== 0) onHand.push({ slice, line, cents: split.onHandCents });
      onHandCents += split.onHandCents;
      issuedShares.push(...split.issued);
    }
  }
  // Production orders are locked before the items' scopes, in the order a production issue takes them.
  const orders = await productionShares(em, issuedShares);
  for (const part of onHand) await revalueOnHand(em, part.slice, part.line, part.cents, now);
  const traced = new Set(orders.map((share) => share.moveId));
  for (const share of [...issuedShares.filter((s) => !traced.has(s.moveId)), ...orders]) {
    issued[share.account] = (issued[share.account] ?? 0) + share.cents;
  }
  const taxCents = Math.round(header.taxTotal * 100);
  const grossCents = Math.round(header.grossTotal * 100);
  const journalLines: JournalLineInput[] = [
    { account: ACCOUNTS.grni, debitCents: clearedCents },
    { account: INPUT_TAX, debitCents: taxCents },
    { account: ACCOUNTS.payable, creditCents: grossCents },
    signed(ACCOUNTS.inventory, onHandCents),
    ...Object.entries(issued).map(([account, cents]) => signed(account, cents)),
  ];
  const journalEntryId = await postJournal(em, {
    entryDate: now,
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
    at: now,
  });
  await query(
    em,
    `update supplier_invoice set status = 'posted', journal_entry_id = ?, decided_at = now(), decided_by = ? where id = ?`,
    [journalEntryId, input.decidedBy, header.id],
  );
  const posting: InvoicePosting = {
    journalEntryId,
    grniCleared: clearedCents / 100,
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

async function recordMatch(em: EntityManager, invoiceLineId: number, slice: ReceiptSlice): Promise<void> {
  // The unit cost that reproduces the cleared cents (a receipt's last slice clears its exact remainder).
  const unitCost = Math.round((slice.clearedCents / 100 / slice.quantity) * 1_000_000) / 1_000_000;
  await query(
    em,
    `insert into supplier_invoice_match (invoice_line_id, receipt_move_id, quantity, receipt_unit_cost)
     values (?, ?, ?, ?)`,
    [invoiceLineId, slice.receipt.moveId, slice.quantity, unitCost],
  );
}

/**
 * Where the receipt's goods are now: FIFO, its layer's remainder and each move that consumed from the layer with the
 * account that move booked; moving average (no layer remainder), the pool holds what is on hand, up to the receipt.
 */
async function whereabouts(
  em: EntityManager,
  slice: ReceiptSlice,
  line: { valuationMethod: 'fifo' | 'moving-average'; itemId: number },
): Promise<ReceiptWhereabouts> {
  const { receipt } = slice;
  if (line.valuationMethod === 'moving-average' || receipt.layerId === null) {
    const [pool] = await query<{ quantity: string }>(
      em,
      `select coalesce(sum(quantity), 0) as quantity from item_valuation
        where item_id = ? and coalesce(warehouse_id, 0) = coalesce(?, 0)`,
      [line.itemId, receipt.warehouseId],
    );
    const onHand = Math.min(receipt.quantity, Math.max(0, num(pool?.quantity)));
    const gone = receipt.quantity - onHand;
    return { onHandQuantity: onHand, issued: gone > 0 ? [{ moveId: 0, quantity: gone, account: PRICE_VARIANCE }] : [] };
  }
  const consumed = await query<{ move_id: number; quantity: string; offset_account: string | null }>(
    em,
    `select lc.move_id, sum(lc.quantity) as quantity, m.offset_account
       from layer_consumption lc join stock_move m on m.id = lc.move_id
      where lc.layer_id = ? and m.move_type <> 'supplier-return'
      group by lc.move_id, m.offset_account order by lc.move_id`,
    [receipt.layerId],
  );
  return {
    onHandQuantity: receipt.layerRemaining,
    issued: consumed.map((c) => ({
      moveId: num(c.move_id),
      quantity: num(c.quantity),
      account: c.offset_account ?? PRICE_VARIANCE,
    })),
  };
}

/** Re-values what is still on hand: the receipt's layer (FIFO) and the scope's value, under the scope's lock. */
async function revalueOnHand(
  em: EntityManager,
  slice: ReceiptSlice,
  line: { valuationMethod: 'fifo' | 'moving-average'; itemId: number },
  cents: number,
  at: Date,
): Promise<void> {
  const scope = { itemId: line.itemId, warehouseId: slice.receipt.warehouseId, method: line.valuationMethod };
  await lockScope(em, scope);
  const steps = [shiftScopeStep(scope, 0, cents, at)];
  if (line.valuationMethod === 'fifo' && slice.receipt.layerId !== null) {
    steps.unshift({
      name: 'layer_revalued',
      sql: `update cost_layer set value_remaining = value_remaining + ? where id = ?`,
      params: [cents / 100, slice.receipt.layerId],
    });
  }
  await runSteps(em, steps, 'select 1');
}
