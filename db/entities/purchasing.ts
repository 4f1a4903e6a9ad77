import { EntitySchema } from '@mikro-orm/core';
import { dateColumn, quantityColumn, timestampColumn } from './columns';
import { Item, Supplier } from './catalog';
import { Warehouse } from './warehouse';

/**
 * Where a purchase order stands: `open` (nothing received), `partly-received` (some deliveries, lines still open),
 * `received` (every line received), `closed-short` (closed with a reason while lines were still open), `cancelled`.
 * Rows from before deliveries were counted may read `put-away`: fully received and put away.
 */
export type PurchaseOrderStatus = 'open' | 'partly-received' | 'received' | 'closed-short' | 'put-away' | 'cancelled';

export class PurchaseOrder {
  id!: number;
  orderNumber!: string;
  supplier!: Supplier;
  warehouse!: Warehouse;
  status: PurchaseOrderStatus = 'open';
  workflowId!: string;
  createdBy!: string;
  createdAt: Date = new Date();
  updatedAt: Date = new Date();
  /** Why the order was closed short (the supplier will not deliver the rest), by whom and when. */
  closedReason: string | null = null;
  closedBy: string | null = null;
  closedAt: Date | null = null;
}

export const PurchaseOrderSchema = new EntitySchema<PurchaseOrder>({
  class: PurchaseOrder,
  tableName: 'purchase_order',
  properties: {
    id: { type: 'number', primary: true, autoincrement: true },
    orderNumber: { type: 'string', length: 30, unique: true },
    supplier: { kind: 'm:1', entity: () => Supplier },
    warehouse: { kind: 'm:1', entity: () => Warehouse },
    status: { type: 'string', length: 20, default: 'open' },
    workflowId: { type: 'string', length: 200, unique: true },
    createdBy: { type: 'string', length: 64 },
    createdAt: { ...timestampColumn },
    updatedAt: { ...timestampColumn },
    closedReason: { type: 'string', length: 500, nullable: true },
    closedBy: { type: 'string', length: 64, nullable: true },
    closedAt: { ...timestampColumn, nullable: true },
  },
});

export class PurchaseOrderLine {
  id!: number;
  order!: PurchaseOrder;
  lineNo!: number;
  item!: Item;
  quantity!: number;
  unitCost!: number;
  /** Received so far, net of supplier returns that reopened the line; open = quantity - receivedQuantity. */
  receivedQuantity = 0;
  /** When the supplier is to deliver the line (YYYY-MM-DD): what MRP plans against. */
  dueDate!: string;
}

export const PurchaseOrderLineSchema = new EntitySchema<PurchaseOrderLine>({
  class: PurchaseOrderLine,
  tableName: 'purchase_order_line',
  uniques: [{ properties: ['order', 'lineNo'] }],
  checks: [{ name: 'purchase_order_line_positive', expression: 'quantity > 0 and unit_cost >= 0' }],
  properties: {
    id: { type: 'number', primary: true, autoincrement: true },
    order: { kind: 'm:1', entity: () => PurchaseOrder, deleteRule: 'cascade' },
    lineNo: { type: 'number' },
    // MRP's net change reads a few hundred items' open lines by item (bench/mrp-net-change.bench.ts).
    item: { kind: 'm:1', entity: () => Item, index: true },
    quantity: { ...quantityColumn },
    unitCost: { type: 'number', columnType: 'numeric(18,6)' },
    receivedQuantity: { ...quantityColumn, default: 0 },
    // Lines written without one (older writers, direct inserts) are due the day they were written.
    dueDate: { ...dateColumn, defaultRaw: 'current_date' },
  },
});

/** One line of a delivery as posted: the PO line, what arrived, its lot, the receipt move and its value. */
export interface PurchaseDeliveryLine {
  lineNo: number;
  itemSku: string;
  quantity: number;
  unitCost: number;
  lotCode: string | null;
  moveId: number;
  value: number;
}

/**
 * One delivery of a purchase order as the receipt workflow posted it (numbered 1, 2, ... per order), dated when the
 * goods arrived. Written in the receipt's own transaction, so it exists exactly when its moves do.
 */
export class PurchaseDelivery {
  id!: number;
  order!: PurchaseOrder;
  deliveryNo!: number;
  workflowId!: string;
  receivedAt!: Date;
  receivedBy!: string;
  lines: PurchaseDeliveryLine[] = [];
  createdAt: Date = new Date();
}

export const PurchaseDeliverySchema = new EntitySchema<PurchaseDelivery>({
  class: PurchaseDelivery,
  tableName: 'purchase_delivery',
  uniques: [{ properties: ['order', 'deliveryNo'] }],
  properties: {
    id: { type: 'number', primary: true, autoincrement: true },
    order: { kind: 'm:1', entity: () => PurchaseOrder, deleteRule: 'cascade' },
    deliveryNo: { type: 'number' },
    workflowId: { type: 'string', length: 200 },
    receivedAt: { ...timestampColumn },
    receivedBy: { type: 'string', length: 64 },
    lines: { type: 'json' },
    createdAt: { ...timestampColumn },
  },
});
