import type { EntityManager } from '@mikro-orm/postgresql';
import { num, query } from '../../db/sql';
import { supplierInvoiceStart } from '../../workflows/supplier-invoice/supplier-invoice.start';
import { ApiError } from '../errors';
import type { IntakeContext, IntakeWork } from '../intake/intake';
import { feeLines } from './fee-invoice-lines';
import { priceLine, type InvoicedOrder } from './invoice-lines';
import type { CreateSupplierInvoiceBody } from './supplier-invoice-schemas';

export interface SupplierInvoiceDeps {
  taskQueue: string;
  intake: IntakeContext;
}

const EPSILON = 1e-9;

/** An order line with what was received on it and what other (not rejected) invoices already bill. */
interface OpenLine {
  id: number;
  line_no: number;
  received_quantity: string;
  invoiced: string;
}

/**
 * Stores a supplier invoice in the intake's transaction and queues its process with it. Refused, naming the field and
 * writing nothing: an unknown supplier or order, an order of another supplier, an invoice number the supplier used
 * already, a line not on the order, and a quantity beyond what was received minus what other invoices bill.
 * Orders already received in full or closed are normal here: suppliers invoice after delivery.
 */
export async function enterSupplierInvoice(
  em: EntityManager,
  deps: SupplierInvoiceDeps,
  body: CreateSupplierInvoiceBody,
  username: string,
): Promise<IntakeWork<Record<string, unknown>>> {
  const [supplier] = await query<{ id: number; payment_terms_days: number }>(
    em,
    'select id, payment_terms_days from supplier where code = ?',
    [body.supplierCode],
  );
  if (!supplier) throw new ApiError('UNKNOWN_SUPPLIER', `No supplier ${body.supplierCode}`, 'supplierCode');
  const [taken] = await query<{ n: string }>(
    em,
    'select count(*) as n from supplier_invoice where supplier_id = ? and invoice_number = ?',
    [supplier.id, body.invoiceNumber],
  );
  if (num(taken?.n) > 0) {
    throw new ApiError(
      'DUPLICATE',
      `${body.supplierCode} already has an invoice ${body.invoiceNumber}`,
      'invoiceNumber',
    );
  }
  const invoiced =
    body.subcontractOrderNo === undefined
      ? await purchaseLines(em, body, num(supplier.id))
      : await feeLines(em, body, body.subcontractOrderNo, num(supplier.id));
  const { lines } = invoiced;
  const netCents = lines.reduce((sum, line) => sum + line.netCents, 0);
  const taxCents = lines.reduce((sum, line) => sum + line.taxCents, 0);
  const dueDate = body.dueDate ?? addDays(body.invoiceDate, num(supplier.payment_terms_days));
  if (dueDate < body.invoiceDate) {
    throw new ApiError('VALIDATION_FAILED', 'dueDate must not be before invoiceDate', 'dueDate');
  }
  const start = supplierInvoiceStart(
    { invoiceId: 0, supplierCode: body.supplierCode, invoiceNumber: body.invoiceNumber },
    username,
    deps.taskQueue,
  );
  const [invoice] = await query<{ id: number }>(
    em,
    `insert into supplier_invoice (invoice_number, supplier_id, purchase_order_id, subcontract_order_id, invoice_date,
                                   due_date, net_total, tax_total, gross_total, paid_amount, status, workflow_id,
                                   created_by, created_at)
     values (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 'matching', ?, ?, now()) returning id`,
    [
      body.invoiceNumber,
      supplier.id,
      invoiced.purchaseOrderId,
      invoiced.subcontractOrderId,
      body.invoiceDate,
      dueDate,
      netCents / 100,
      taxCents / 100,
      (netCents + taxCents) / 100,
      start.workflowId,
      username,
    ],
  );
  for (const [index, line] of lines.entries()) {
    await query(
      em,
      `insert into supplier_invoice_line (invoice_id, line_no, order_line_id, subcontract_delivery_id, quantity,
                                          unit_price_net, net_amount, tax_rate, tax_amount)
       values (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        invoice?.id,
        index + 1,
        line.orderLineId,
        line.deliveryId,
        line.quantity,
        line.unitPrice,
        line.netCents / 100,
        line.taxRate,
        line.taxCents / 100,
      ],
    );
  }
  const invoiceId = num(invoice?.id);
  (start.args[0] as { invoiceId: number }).invoiceId = invoiceId;
  const created = {
    invoiceNumber: body.invoiceNumber,
    supplierCode: body.supplierCode,
    workflowId: start.workflowId,
    netTotal: netCents / 100,
    taxTotal: taxCents / 100,
    grossTotal: (netCents + taxCents) / 100,
  };
  return {
    body: created,
    starts: [start],
    audit: {
      actor: username,
      action: 'supplier-invoice.entered',
      entityType: 'supplier_invoice',
      entityId: `${body.supplierCode}-${body.invoiceNumber}`,
      workflowId: start.workflowId,
      details: {
        orderNumber: body.orderNumber ?? null,
        subcontractOrderNo: body.subcontractOrderNo ?? null,
        lines: body.lines,
        ...created,
      },
    },
  };
}

/** Purchase-invoice lines: each against a line of the supplier's purchase order, within what is open on it. */
async function purchaseLines(
  em: EntityManager,
  body: CreateSupplierInvoiceBody,
  supplierId: number,
): Promise<InvoicedOrder> {
  const orderNumber = body.orderNumber ?? '';
  const [order] = await query<{ id: number; supplier_id: number }>(
    em,
    'select id, supplier_id from purchase_order where order_number = ? for update',
    [orderNumber],
  );
  if (!order) throw new ApiError('VALIDATION_FAILED', `No purchase order ${orderNumber}`, 'orderNumber');
  if (num(order.supplier_id) !== supplierId) {
    throw new ApiError('VALIDATION_FAILED', `${orderNumber} is not an order of ${body.supplierCode}`, 'orderNumber');
  }
  const open = await query<OpenLine>(
    em,
    `select l.id, l.line_no, l.received_quantity,
            coalesce((select sum(il.quantity) from supplier_invoice_line il join supplier_invoice si on si.id = il.invoice_id
                       where il.order_line_id = l.id and si.status <> 'rejected'), 0) as invoiced
       from purchase_order_line l where l.order_id = ? order by l.line_no`,
    [order.id],
  );
  const billed = new Map<number, number>();
  const lines = body.lines.map((line, index) => {
    if (line.lineNo === undefined) {
      throw new ApiError('VALIDATION_FAILED', 'lineNo is required on a purchase invoice', `lines[${index}].lineNo`);
    }
    const lineNo = line.lineNo;
    const orderLine = open.find((candidate) => num(candidate.line_no) === lineNo);
    if (!orderLine) {
      throw new ApiError('VALIDATION_FAILED', `${orderNumber} has no line ${line.lineNo}`, `lines[${index}].lineNo`);
    }
    const already = num(orderLine.invoiced) + (billed.get(lineNo) ?? 0);
    const openQty = num(orderLine.received_quantity) - already;
    if (line.quantity > openQty + EPSILON) {
      throw new ApiError(
        'VALIDATION_FAILED',
        `Line ${line.lineNo} can be invoiced for at most ${Math.max(0, openQty)} (received ${num(orderLine.received_quantity)}, ` +
          `already invoiced ${already})`,
        `lines[${index}].quantity`,
      );
    }
    billed.set(lineNo, (billed.get(lineNo) ?? 0) + line.quantity);
    return priceLine(line, index, { orderLineId: num(orderLine.id), deliveryId: null });
  });
  return { purchaseOrderId: num(order.id), subcontractOrderId: null, lines };
}

function addDays(isoDate: string, days: number): string {
  return new Date(Date.parse(`${isoDate}T00:00:00.000Z`) + days * 86_400_000).toISOString().slice(0, 10);
}
