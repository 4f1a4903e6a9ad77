import type { EntityManager } from '@mikro-orm/postgresql';
import { distribute } from '../../rules/cost-distribution';
import type { InvoicePosting } from '../../workflows/supplier-invoice/supplier-invoice.contract';
import { ACCOUNTS } from '../../db/accounting/journal';
import { query } from '../../db/sql';
import { reject } from '../errors';
import { bookInvoice } from './book-invoice';
import { postFeeInvoice } from './post-fee-invoice';
import { followGoods, type CostChange, type ReceivedGoods } from './cost-follows-goods';
import { invoiceLines, lockInvoice, orderReceipts, takeReceipts, type ReceiptSlice } from './invoice-queries';

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
  if (header.kind === 'subcontract') return postFeeInvoice(em, header, input);
  const lines = await invoiceLines(em, header.id);
  const receipts = await orderReceipts(em, header.orderNumber);
  const now = new Date();
  let clearedCents = 0;
  const changes: CostChange[] = [];
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
      clearedCents += slice.clearedCents;
      await recordMatch(em, line.id, slice);
      // Later lines of the same order line see this receipt as invoiced too.
      slice.receipt.invoicedQuantity += slice.quantity;
      slice.receipt.clearedCents += slice.clearedCents;
      changes.push({ goods: goodsOf(slice, line), cents: (netShares[index]?.cents ?? 0) - slice.clearedCents });
    }
  }
  const followed = await followGoods(em, changes, PRICE_VARIANCE, now);
  return bookInvoice(em, header, input, {
    clearedAccount: ACCOUNTS.grni,
    clearedCents,
    followed,
    at: now,
  });
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

/** The goods a receipt slice belongs to, as the after-the-fact rule follows them. */
function goodsOf(
  slice: ReceiptSlice,
  line: { valuationMethod: 'fifo' | 'moving-average'; itemId: number },
): ReceivedGoods {
  const { receipt } = slice;
  return {
    itemId: line.itemId,
    valuationMethod: line.valuationMethod,
    receiptQuantity: receipt.quantity,
    layerId: receipt.layerId,
    layerRemaining: receipt.layerRemaining,
    warehouseId: receipt.warehouseId,
  };
}
