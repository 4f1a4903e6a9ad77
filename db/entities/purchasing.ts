import { EntitySchema } from '@mikro-orm/core';
import { quantityColumn, timestampColumn } from './columns';
import { Item, Supplier } from './catalog';
import { Warehouse } from './warehouse';

export type PurchaseOrderStatus = 'open' | 'received' | 'put-away' | 'cancelled';

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
}

export const PurchaseOrderSchema = new EntitySchema<PurchaseOrder>({
  class: PurchaseOrder,
  tableName: 'purchase_order',
  properties: {
    id: { type: 'number', primary: true, autoincrement: true },
    orderNumber: { type: 'string', length: 30, unique: true },
    supplier: { kind: 'm:1', entity: () => Supplier },
    warehouse: { kind: 'm:1', entity: () => Warehouse },
    status: { type: 'string', length: 12, default: 'open' },
    workflowId: { type: 'string', length: 200, unique: true },
    createdBy: { type: 'string', length: 64 },
    createdAt: { ...timestampColumn },
    updatedAt: { ...timestampColumn },
  },
});

export class PurchaseOrderLine {
  id!: number;
  order!: PurchaseOrder;
  lineNo!: number;
  item!: Item;
  quantity!: number;
  unitCost!: number;
  receivedQuantity = 0;
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
    item: { kind: 'm:1', entity: () => Item },
    quantity: { ...quantityColumn },
    unitCost: { type: 'number', columnType: 'numeric(18,6)' },
    receivedQuantity: { ...quantityColumn, default: 0 },
  },
});
