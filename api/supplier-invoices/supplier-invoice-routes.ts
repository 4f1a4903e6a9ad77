import type { MikroORM } from '@mikro-orm/postgresql';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { num, query } from '../../db/sql';
import { ANY_ROLE, currentUser } from '../auth/auth-hook';
import { ApiError } from '../errors';
import { idempotencyHeaders, runIntake } from '../intake/intake';
import { listRow } from '../lists/sql-list';
import { routeDocs } from '../openapi/route-docs';
import { supplierInvoiceListRoutes, supplierInvoiceListSpec } from './supplier-invoice-list';
import { createdSupplierInvoice, createSupplierInvoiceBody, supplierInvoiceDetail } from './supplier-invoice-schemas';
import { enterSupplierInvoice, type SupplierInvoiceDeps } from './supplier-invoice-service';

/** Supplier invoices: entering one starts its three-way match; the list and one invoice with its lines and matches. */
export function supplierInvoiceRoutes(deps: SupplierInvoiceDeps & { orm: MikroORM }): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/supplier-invoices',
      {
        config: { roles: ['clerk', 'controller', 'admin'] },
        schema: {
          ...routeDocs({
            summary: 'Enter a supplier invoice',
            description:
              'Stores the invoice (net lines against purchase-order lines, each with its tax rate) and starts its process, ' +
              'which matches it against the order and the receipts: within the invoice-match tolerances it posts ' +
              '(GRNI cleared, input tax, payables), outside them a controller approves or rejects it. A quantity beyond ' +
              'what was received minus what other invoices bill, a line not on the order, an order of another supplier ' +
              'or an invoice number the supplier used already is refused naming the field, and nothing is stored. ' +
              'Send an Idempotency-Key to retry safely.',
            errors: ['UNKNOWN_SUPPLIER', 'DUPLICATE', 'PROCESS_UNAVAILABLE', 'IDEMPOTENCY_KEY_REUSED'],
          }),
          tags: ['supplier-invoices'],
          headers: idempotencyHeaders,
          body: createSupplierInvoiceBody,
          response: { 201: createdSupplierInvoice },
        },
      },
      async (request, reply) => {
        const username = currentUser(request).username;
        const route = { route: 'POST /api/supplier-invoices', status: 201 as const };
        const { status, body } = await runIntake(deps.intake, request, route, (em) =>
          enterSupplierInvoice(em, deps, request.body, username),
        );
        return reply.status(status).send(body as z.infer<typeof createdSupplierInvoice>);
      },
    );

    await app.register(supplierInvoiceListRoutes(deps));

    app.get(
      '/supplier-invoices/:supplierCode/:invoiceNumber',
      {
        config: { roles: ANY_ROLE },
        schema: {
          ...routeDocs({
            summary: 'Read a supplier invoice',
            description:
              'One supplier invoice with its lines and the receipts each line cleared once posted. Reads only.',
            errors: ['NOT_FOUND'],
          }),
          tags: ['supplier-invoices'],
          params: z.object({ supplierCode: z.string().max(40), invoiceNumber: z.string().max(30) }),
          response: { 200: supplierInvoiceDetail },
        },
      },
      async (request) => {
        const em = deps.orm.em.fork();
        const { supplierCode, invoiceNumber } = request.params;
        const found = await listRow(em, supplierInvoiceListSpec, 'si.id', 's.code = ? and si.invoice_number = ?', [
          supplierCode,
          invoiceNumber,
        ]);
        if (!found) throw new ApiError('NOT_FOUND', `No supplier invoice ${invoiceNumber} of ${supplierCode}`);
        const [extra] = await query<Record<string, unknown>>(
          em,
          'select journal_entry_id, decided_by from supplier_invoice where id = ?',
          [found.id],
        );
        const lines = await query<Record<string, unknown>>(
          em,
          `select il.line_no, coalesce(ol.line_no, d.delivery_no) as order_line_no, i.sku, i.name, il.quantity,
                  il.unit_price_net, il.net_amount, il.tax_rate, il.tax_amount
             from supplier_invoice_line il left join purchase_order_line ol on ol.id = il.order_line_id
             left join subcontract_delivery d on d.id = il.subcontract_delivery_id
             left join subcontract_order so on so.id = d.order_id
             join item i on i.id = coalesce(ol.item_id, so.item_id) where il.invoice_id = ? order by il.line_no`,
          [found.id],
        );
        const matches = await query<Record<string, unknown>>(
          em,
          `select il.line_no, m.receipt_move_id, m.quantity, m.receipt_unit_cost
             from supplier_invoice_match m join supplier_invoice_line il on il.id = m.invoice_line_id
            where il.invoice_id = ? order by il.line_no, m.receipt_move_id`,
          [found.id],
        );
        return {
          ...found.row,
          journalEntryId: extra?.journal_entry_id == null ? null : num(extra.journal_entry_id),
          decidedBy: extra?.decided_by == null ? null : String(extra.decided_by),
          lines: lines.map((l) => ({
            lineNo: num(l.line_no),
            orderLineNo: num(l.order_line_no),
            itemSku: String(l.sku),
            itemName: String(l.name),
            quantity: num(l.quantity),
            unitPrice: num(l.unit_price_net),
            netAmount: num(l.net_amount),
            taxRate: num(l.tax_rate),
            taxAmount: num(l.tax_amount),
          })),
          matches: matches.map((m) => ({
            lineNo: num(m.line_no),
            receiptMoveId: num(m.receipt_move_id),
            quantity: num(m.quantity),
            receiptUnitCost: num(m.receipt_unit_cost),
          })),
        };
      },
    );
  };
}
