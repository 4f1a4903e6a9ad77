import { z } from 'zod';
import type { MikroORM } from '@mikro-orm/postgresql';
import { num } from '../../db/sql';
import { listRoutes } from '../lists/list-routes';
import { sqlListQuery, when, type SqlListSpec } from '../lists/sql-list';
import { supplierInvoiceSummary } from './supplier-invoice-schemas';

type SupplierInvoiceRow = z.infer<typeof supplierInvoiceSummary>;

const SORT_FIELDS = {
  invoiceNumber: 'si.invoice_number',
  supplier: 's.name',
  orderNumber: 'coalesce(po.order_number, so.order_number)',
  invoiceDate: 'si.invoice_date',
  dueDate: 'si.due_date',
  grossTotal: 'si.gross_total',
  status: 'si.status',
  createdAt: 'si.created_at',
} as const;

const date = () => z.iso.date().optional().or(z.literal(''));
const listQuery = sqlListQuery(SORT_FIELDS, {
  status: z.enum(['matching', 'awaiting-approval', 'posted', 'rejected']).or(z.literal('')).optional(),
  supplier: z.string().max(40).optional().describe('Supplier code or name'),
  orderNumber: z.string().max(30).optional().describe('Purchase or subcontract order number'),
  dueFrom: date().describe('Due on or after this day (YYYY-MM-DD)'),
  dueTo: date().describe('Due on or before this day (YYYY-MM-DD)'),
});
type SupplierInvoiceListQuery = z.infer<typeof listQuery>;

const like = (text: string | undefined) => `%${text ?? ''}%`;

/**
 * The supplier invoice list: one row per invoice with its supplier, order (a purchase order, or a subcontract order for
 * a fee invoice), totals, paid amount and status.
 */
export const supplierInvoiceListSpec: SqlListSpec<SupplierInvoiceListQuery, SupplierInvoiceRow> = {
  select: `si.id, si.invoice_number, s.code as supplier_code, s.name as supplier_name,
       coalesce(po.order_number, so.order_number) as order_number, so.id is not null as subcontract,
       to_char(si.invoice_date, 'YYYY-MM-DD') as invoice_date, to_char(si.due_date, 'YYYY-MM-DD') as due_date,
       si.net_total, si.tax_total, si.gross_total, si.paid_amount, si.status, si.workflow_id, si.created_at,
       si.journal_entry_id, si.decided_by`,
  from: `from supplier_invoice si join supplier s on s.id = si.supplier_id
         left join purchase_order po on po.id = si.purchase_order_id
         left join subcontract_order so on so.id = si.subcontract_order_id`,
  sortFields: SORT_FIELDS,
  defaultSort: '-createdAt',
  tieBreaker: 'si.id',
  searchFields: ['si.invoice_number', 's.code', 's.name', 'po.order_number', 'so.order_number'],
  where: (q) => [
    ...when(q.status, 'si.status = ?'),
    ...when(q.supplier, '(s.code ilike ? or s.name ilike ?)', [like(q.supplier), like(q.supplier)]),
    ...when(q.orderNumber, 'coalesce(po.order_number, so.order_number) = ?'),
    ...when(q.dueFrom, 'si.due_date >= ?::date'),
    ...when(q.dueTo, 'si.due_date <= ?::date'),
  ],
  toRow: (r) => ({
    invoiceNumber: String(r.invoice_number),
    supplierCode: String(r.supplier_code),
    supplierName: String(r.supplier_name),
    orderNumber: String(r.order_number),
    orderKind: r.subcontract === true ? 'subcontract' : 'purchase',
    invoiceDate: String(r.invoice_date),
    dueDate: String(r.due_date),
    netTotal: num(r.net_total),
    taxTotal: num(r.tax_total),
    grossTotal: num(r.gross_total),
    paidAmount: num(r.paid_amount),
    status: String(r.status),
    workflowId: String(r.workflow_id),
    createdAt: new Date(r.created_at as string).toISOString(),
  }),
  csv: [
    { name: 'invoiceNumber', format: (o) => o.invoiceNumber },
    { name: 'supplierCode', format: (o) => o.supplierCode },
    { name: 'orderNumber', format: (o) => o.orderNumber },
    { name: 'invoiceDate', format: (o) => o.invoiceDate },
    { name: 'dueDate', format: (o) => o.dueDate },
    { name: 'netTotal', format: (o) => o.netTotal.toFixed(2) },
    { name: 'taxTotal', format: (o) => o.taxTotal.toFixed(2) },
    { name: 'grossTotal', format: (o) => o.grossTotal.toFixed(2) },
    { name: 'paidAmount', format: (o) => o.paidAmount.toFixed(2) },
    { name: 'status', format: (o) => o.status },
  ],
};

/** `GET /supplier-invoices` (one page) and `GET /supplier-invoices/export.csv` (every page, streamed). */
export const supplierInvoiceListRoutes = (deps: { orm: MikroORM }) =>
  listRoutes(deps, {
    path: '/supplier-invoices',
    tag: 'supplier-invoices',
    query: listQuery,
    row: supplierInvoiceSummary,
    spec: supplierInvoiceListSpec,
    noun: 'supplier invoices',
    lead: 'Supplier invoices, newest first, one page at a time, with their totals, paid amount and match status',
    filters: 'filtered by status, supplier, order or due date, sorted by any column',
    fileName: 'supplier-invoices.csv',
  });
