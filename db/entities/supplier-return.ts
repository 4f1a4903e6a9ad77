import { EntitySchema } from '@mikro-orm/core';
import { moneyColumn, quantityColumn, timestampColumn } from './columns';
import { StockMove } from './inventory';
import { PurchaseOrder, PurchaseOrderLine } from './purchasing';

/** `open` while the return task waits for the clerk, `posted` once the goods left and the books moved. */
export type SupplierReturnStatus = 'open' | 'posted';

/**
 * Goods going back to the supplier of a purchase order (a wrong or rejected delivery). Its process
 * `supplier-return:<returnNumber>` has a clerk pick the goods and then posts the return; with `replace` the returned
 * quantity reopens on the order's lines, since the supplier will deliver it again.
 */
export class SupplierReturn {
  id!: number;
  returnNumber!: string;
  purchaseOrder!: PurchaseOrder;
  replace = false;
  status: SupplierReturnStatus = 'open';
  workflowId!: string;
  createdBy!: string;
  createdAt: Date = new Date();
  postedBy: string | null = null;
  postedAt: Date | null = null;
}

export const SupplierReturnSchema = new EntitySchema<SupplierReturn>({
  class: SupplierReturn,
  tableName: 'supplier_return',
  properties: {
    id: { type: 'number', primary: true, autoincrement: true },
    returnNumber: { type: 'string', length: 30, unique: true },
    purchaseOrder: { kind: 'm:1', entity: () => PurchaseOrder, index: true },
    replace: { type: 'boolean', default: false },
    status: { type: 'string', length: 12, default: 'open' },
    workflowId: { type: 'string', length: 200, unique: true },
    createdBy: { type: 'string', length: 64 },
    createdAt: { ...timestampColumn },
    postedBy: { type: 'string', length: 64, nullable: true },
    postedAt: { ...timestampColumn, nullable: true },
  },
});

/**
 * One returned quantity of one receipt (the stock move the goods came in with, so its FIFO layer and its GRNI are
 * known). A requested line spanning two deliveries is stored as two lines. The amounts are written when it posts:
 * `value` left Inventory (1300) at the layer's cost, `grniAmount` debited GRNI (2100, not yet invoiced),
 * `payableAmount` debited payables (2200, a debit note), `varianceAmount` the rest (5400, signed: debit positive).
 */
export class SupplierReturnLine {
  id!: number;
  supplierReturn!: SupplierReturn;
  lineNo!: number;
  orderLine!: PurchaseOrderLine;
  receiptMove!: StockMove;
  lotCode: string | null = null;
  quantity!: number;
  reason!: string;
  /** Of `quantity`, what was debited to GRNI (not yet invoiced when the return posted). */
  grniQuantity = 0;
  value = 0;
  grniAmount = 0;
  payableAmount = 0;
  varianceAmount = 0;
  journalEntryId: number | null = null;
}

export const SupplierReturnLineSchema = new EntitySchema<SupplierReturnLine>({
  class: SupplierReturnLine,
  tableName: 'supplier_return_line',
  uniques: [{ properties: ['supplierReturn', 'lineNo'] }],
  checks: [{ name: 'supplier_return_line_positive', expression: 'quantity > 0' }],
  properties: {
    id: { type: 'number', primary: true, autoincrement: true },
    supplierReturn: { kind: 'm:1', entity: () => SupplierReturn, fieldName: 'return_id', deleteRule: 'cascade' },
    lineNo: { type: 'number' },
    orderLine: { kind: 'm:1', entity: () => PurchaseOrderLine, index: true },
    receiptMove: { kind: 'm:1', entity: () => StockMove, index: true },
    lotCode: { type: 'string', length: 40, nullable: true },
    quantity: { ...quantityColumn },
    reason: { type: 'string', length: 200 },
    grniQuantity: { ...quantityColumn, default: 0 },
    value: { ...moneyColumn, default: 0 },
    grniAmount: { ...moneyColumn, default: 0 },
    payableAmount: { ...moneyColumn, default: 0 },
    varianceAmount: { ...moneyColumn, default: 0 },
    journalEntryId: { type: 'number', nullable: true },
  },
});
