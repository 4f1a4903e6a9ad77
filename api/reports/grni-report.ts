import type { EntityManager } from '@mikro-orm/postgresql';
import { num, query } from '../../db/sql';

/** One purchase-order line's goods received not invoiced. */
export interface GrniLine {
  orderNumber: string;
  supplierCode: string;
  lineNo: number;
  itemSku: string;
  receivedQuantity: number;
  /** What the receipts credited GRNI: each receipt at its receipt price. */
  receivedValue: number;
  invoicedQuantity: number;
  /** What posted supplier invoices cleared from GRNI (their matches at the receipt price). */
  invoicedValue: number;
  returnedQuantity: number;
  /** What posted supplier returns debited GRNI (the not-invoiced part of what went back). */
  returnedValue: number;
  openQuantity: number;
  openValue: number;
}

export interface GrniTotals {
  receivedValue: number;
  invoicedValue: number;
  returnedValue: number;
  openValue: number;
}

export interface GrniReport {
  items: GrniLine[];
  total: number;
  totals: GrniTotals;
  /** The GRNI control account's balance (credit − debit) over every entry: the subledger must equal it. */
  ledger: { account: string; balance: number };
  difference: number;
}

/**
 * Per purchase-order line: receipts (stock moves `receipt` of the order, valued at their cost layer's value in, the
 * line's price when the item keeps no layers), minus posted invoices' matches (quantity × receipt unit cost, as the
 * invoice posting cleared them), minus posted returns' GRNI part. One SQL source so the rows and totals agree.
 */
const LINES = `
  select po.order_number, s.code as supplier_code, l.line_no, i.sku,
         coalesce(r.quantity, 0) as received_quantity, coalesce(r.value, 0) as received_value,
         coalesce(inv.quantity, 0) as invoiced_quantity, coalesce(inv.value, 0) as invoiced_value,
         coalesce(ret.quantity, 0) as returned_quantity, coalesce(ret.value, 0) as returned_value,
         greatest(0, coalesce(r.quantity, 0) - coalesce(inv.quantity, 0) - coalesce(ret.quantity, 0)) as open_quantity,
         coalesce(r.value, 0) - coalesce(inv.value, 0) - coalesce(ret.value, 0) as open_value
    from purchase_order_line l
    join purchase_order po on po.id = l.order_id
    join supplier s on s.id = po.supplier_id
    join item i on i.id = l.item_id
    left join lateral (
      select sum(m.quantity) as quantity, sum(coalesce(cl.value_in, round(m.quantity * l.unit_cost, 2))) as value
        from stock_move m left join cost_layer cl on cl.source_move_id = m.id
       where m.move_type = 'receipt' and m.document_type = 'purchase-order'
         and m.document_ref = po.order_number and m.line_no = l.line_no) r on true
    left join lateral (
      select sum(sm.quantity) as quantity, sum(round(sm.quantity * sm.receipt_unit_cost, 2)) as value
        from supplier_invoice_match sm join supplier_invoice_line il on il.id = sm.invoice_line_id
        join supplier_invoice si on si.id = il.invoice_id
       where il.order_line_id = l.id and si.status = 'posted') inv on true
    left join lateral (
      select sum(rl.grni_quantity) as quantity, sum(rl.grni_amount) as value
        from supplier_return_line rl join supplier_return sr on sr.id = rl.return_id
       where rl.order_line_id = l.id and sr.status = 'posted') ret on true
   where (?::text is null or po.order_number = ?) and (?::text is null or s.code = ?)`;

/** The GRNI subledger, lines with something open (or every line of one order), paged by order and line. */
export async function grniReport(
  em: EntityManager,
  input: { orderNumber?: string; supplier?: string; limit: number; offset: number },
): Promise<GrniReport> {
  const order = input.orderNumber ?? null;
  const supplier = input.supplier ?? null;
  const params = [order, order, supplier, supplier];
  // One order asked for: all its lines, so a line cleared to zero still shows; otherwise only what is open.
  const source = `select * from (${LINES}) g where ?::text is not null or g.open_value <> 0`;
  const sourceParams = [...params, order];
  const rows = await query<Record<string, unknown>>(em, `${source} order by order_number, line_no limit ? offset ?`, [
    ...sourceParams,
    input.limit,
    input.offset,
  ]);
  const [all] = await query<Record<string, unknown>>(
    em,
    `select count(*) as lines, coalesce(sum(received_value), 0) as received_value,
            coalesce(sum(invoiced_value), 0) as invoiced_value, coalesce(sum(returned_value), 0) as returned_value,
            coalesce(sum(open_value), 0) as open_value
       from (${source}) a`,
    sourceParams,
  );
  const [ledger] = await query<{ balance: string }>(
    em,
    `select coalesce(sum(credit - debit), 0) as balance from journal_line where account_code = '2100'`,
  );
  const totals: GrniTotals = {
    receivedValue: num(all?.received_value),
    invoicedValue: num(all?.invoiced_value),
    returnedValue: num(all?.returned_value),
    openValue: num(all?.open_value),
  };
  const balance = num(ledger?.balance);
  const [whole] =
    order === null && supplier === null
      ? [{ open: totals.openValue }]
      : await query<{ open: string }>(em, `select coalesce(sum(open_value), 0) as open from (${LINES}) g`, [
          null,
          null,
          null,
          null,
        ]);
  return {
    items: rows.map((row) => ({
      orderNumber: String(row.order_number),
      supplierCode: String(row.supplier_code),
      lineNo: num(row.line_no),
      itemSku: String(row.sku),
      receivedQuantity: num(row.received_quantity),
      receivedValue: num(row.received_value),
      invoicedQuantity: num(row.invoiced_quantity),
      invoicedValue: num(row.invoiced_value),
      returnedQuantity: num(row.returned_quantity),
      returnedValue: num(row.returned_value),
      openQuantity: num(row.open_quantity),
      openValue: num(row.open_value),
    })),
    total: num(all?.lines),
    totals,
    ledger: { account: '2100', balance },
    // The whole subledger against the ledger, even when the rows are filtered to one order or supplier.
    difference: Math.round((num(whole?.open) - balance) * 100) / 100,
  };
}
