import { Collection, DecimalType, EntitySchema } from '@mikro-orm/core';
import { Customer, Item, Supplier } from './catalog';
import { dateColumn, moneyColumn, quantityColumn, timestampColumn } from './columns';
import { Warehouse } from './warehouse';

/**
 * Where a subcontract order stands, in the order an order passes through them: `draft` (written by hand or by MRP
 * release), `approved`, `at-supplier` (components sent), `partly-received` / `received` (finished goods delivered),
 * `closed` (everything sent is consumed, scrapped or returned), `cancelled` (only before anything was sent).
 */
export const SUBCONTRACT_ORDER_STATUSES = [
  'draft',
  'approved',
  'at-supplier',
  'partly-received',
  'received',
  'closed',
  'cancelled',
] as const;
export type SubcontractOrderStatus = (typeof SUBCONTRACT_ORDER_STATUSES)[number];

/** Who provides a component: we send ours, the supplier buys it, or a customer's own material is used. */
export const COMPONENT_PROVISIONS = ['ours', 'supplier', 'customer'] as const;
export type ComponentProvision = (typeof COMPONENT_PROVISIONS)[number];

/** Unit prices need more than cents: 6 decimals, as purchase-order unit costs and supplier prices. */
const priceColumn = { type: new DecimalType('number'), precision: 18, scale: 6 } as const;

/**
 * A subcontract order (`SC-000001` ...): the supplier makes `quantity` of `item` from components we send (or it buys,
 * or a customer provides) for `feePerUnit`, and the finished goods come back into `warehouse`. Its process is
 * `subcontract-order:<number>` (approve, send, deliveries, consumption, receipt, close). `plannedRef` names the MRP
 * planned order it was released from, so a retried release never writes it twice.
 */
export class SubcontractOrder {
  id!: number;
  orderNumber!: string;
  supplier!: Supplier;
  item!: Item;
  quantity!: number;
  /** ISO date the finished goods are due back. */
  dueDate!: string;
  feePerUnit!: number;
  warehouse!: Warehouse;
  status: SubcontractOrderStatus = 'draft';
  workflowId!: string;
  /** `<mrp run id>:<planned ref>` of the approved suggestion it came from; null for an order made by hand. */
  plannedRef: string | null = null;
  components = new Collection<SubcontractOrderComponent>(this);
  deliveries = new Collection<SubcontractDelivery>(this);
  createdBy!: string;
  createdAt: Date = new Date();
  updatedAt: Date = new Date();
  cancelledReason: string | null = null;
  cancelledBy: string | null = null;
  cancelledAt: Date | null = null;
}

export const SubcontractOrderSchema = new EntitySchema<SubcontractOrder>({
  class: SubcontractOrder,
  tableName: 'subcontract_order',
  checks: [{ name: 'subcontract_order_valid', expression: 'quantity > 0 and fee_per_unit >= 0' }],
  // The tracking report pages by due date, for all suppliers or one, and filters by status (Migration20261202161000).
  indexes: [
    { name: 'subcontract_order_due_date_index', properties: ['dueDate', 'id'] },
    { name: 'subcontract_order_supplier_due_date_index', properties: ['supplier', 'dueDate', 'id'] },
    { name: 'subcontract_order_status_index', properties: ['status'] },
  ],
  properties: {
    id: { type: 'number', primary: true, autoincrement: true },
    orderNumber: { type: 'string', length: 30, unique: true },
    // Indexed: the tracking report groups by supplier.
    supplier: { kind: 'm:1', entity: () => Supplier, index: true },
    item: { kind: 'm:1', entity: () => Item },
    quantity: { ...quantityColumn },
    dueDate: { ...dateColumn },
    feePerUnit: { ...priceColumn },
    warehouse: { kind: 'm:1', entity: () => Warehouse },
    status: { type: 'string', length: 20, default: 'draft' },
    workflowId: { type: 'string', length: 200, unique: true },
    plannedRef: { type: 'string', length: 120, nullable: true, unique: true },
    components: {
      kind: '1:m',
      entity: () => SubcontractOrderComponent,
      mappedBy: 'order',
      orderBy: { lineNo: 'asc' },
    },
    deliveries: { kind: '1:m', entity: () => SubcontractDelivery, mappedBy: 'order', orderBy: { deliveryNo: 'asc' } },
    createdBy: { type: 'string', length: 64 },
    createdAt: { ...timestampColumn },
    updatedAt: { ...timestampColumn },
    cancelledReason: { type: 'string', length: 500, nullable: true },
    cancelledBy: { type: 'string', length: 64, nullable: true },
    cancelledAt: { ...timestampColumn, nullable: true },
  },
});

/**
 * One component of a subcontract order. `requiredQuantity` = order quantity x quantityPer x (1 + scrap%/100) to
 * 0.001; the running totals (sent, consumed, scrapped, returned) are moved by the order's process, and the database
 * refuses a row where more left the supplier's site than was sent. Still at the supplier = sent - (consumed +
 * scrapped + returned).
 */
export class SubcontractOrderComponent {
  id!: number;
  order!: SubcontractOrder;
  lineNo!: number;
  item!: Item;
  quantityPer!: number;
  scrapPercent = 0;
  provision: ComponentProvision = 'ours';
  /** The customer whose material it is (provision `customer` only). */
  customer: Customer | null = null;
  requiredQuantity!: number;
  sentQuantity = 0;
  consumedQuantity = 0;
  scrappedQuantity = 0;
  returnedQuantity = 0;
}

export const SubcontractOrderComponentSchema = new EntitySchema<SubcontractOrderComponent>({
  class: SubcontractOrderComponent,
  tableName: 'subcontract_order_component',
  uniques: [{ properties: ['order', 'lineNo'] }],
  checks: [
    {
      name: 'subcontract_order_component_valid',
      expression:
        'quantity_per > 0 and scrap_percent >= 0 and scrap_percent < 100 and required_quantity >= 0 ' +
        'and sent_quantity >= 0 and consumed_quantity >= 0 and scrapped_quantity >= 0 and returned_quantity >= 0 ' +
        'and consumed_quantity + scrapped_quantity + returned_quantity <= sent_quantity',
    },
    {
      name: 'subcontract_order_component_customer',
      expression: "(provision = 'customer') = (customer_id is not null)",
    },
  ],
  properties: {
    id: { type: 'number', primary: true, autoincrement: true },
    order: { kind: 'm:1', entity: () => SubcontractOrder, deleteRule: 'cascade' },
    lineNo: { type: 'number' },
    item: { kind: 'm:1', entity: () => Item },
    quantityPer: { type: new DecimalType('number'), precision: 18, scale: 6 },
    scrapPercent: { type: new DecimalType('number'), precision: 7, scale: 4, default: 0 },
    provision: { type: 'string', length: 10, default: 'ours' },
    customer: { kind: 'm:1', entity: () => Customer, nullable: true },
    requiredQuantity: { ...quantityColumn },
    sentQuantity: { ...quantityColumn, default: 0 },
    consumedQuantity: { ...quantityColumn, default: 0 },
    scrappedQuantity: { ...quantityColumn, default: 0 },
    returnedQuantity: { ...quantityColumn, default: 0 },
  },
});

/** What the supplier reported for one component in one delivery (line numbers of the order's components). */
export interface SubcontractDeliveryComponentReport {
  lineNo: number;
  itemSku: string;
  quantity: number;
}

/**
 * One delivery of finished goods by the supplier (numbered 1, 2, ... per order), as the order's supplier-receipt task
 * records it: the finished quantity and lot, what the supplier reports as consumed, scrapped and returned per
 * component, and the fee accrued for it. `rejected`: the quality gate sent it back. `idempotencyKey` is the task's:
 * a retried receipt never writes a second delivery.
 */
export class SubcontractDelivery {
  id!: number;
  order!: SubcontractOrder;
  deliveryNo!: number;
  finishedQuantity!: number;
  lotCode: string | null = null;
  receivedAt!: Date;
  reportedConsumed: SubcontractDeliveryComponentReport[] = [];
  reportedScrapped: SubcontractDeliveryComponentReport[] = [];
  reportedReturned: SubcontractDeliveryComponentReport[] = [];
  feeAccrued = 0;
  status: 'received' | 'rejected' = 'received';
  /** How much of it the quality gate sent back to the supplier's site (the delivered quantity falls by it). */
  rejectedQuantity = 0;
  /** The fee accrual those rejections reversed (Dr 2300): the fee subledger and the fee invoice net it. */
  feeReversed = 0;
  /** How much of it was earlier rejected stock coming back from the supplier's site (no components consumed for it). */
  redeliveredQuantity = 0;
  idempotencyKey!: string;
  createdAt: Date = new Date();
}

export const SubcontractDeliverySchema = new EntitySchema<SubcontractDelivery>({
  class: SubcontractDelivery,
  tableName: 'subcontract_delivery',
  uniques: [{ properties: ['order', 'deliveryNo'] }],
  checks: [
    { name: 'subcontract_delivery_valid', expression: 'finished_quantity > 0 and fee_accrued >= 0' },
    {
      name: 'subcontract_delivery_gate',
      expression:
        'rejected_quantity >= 0 and rejected_quantity <= finished_quantity and redelivered_quantity >= 0 ' +
        'and redelivered_quantity <= finished_quantity',
    },
    { name: 'subcontract_delivery_fee_reversed', expression: 'fee_reversed >= 0 and fee_reversed <= fee_accrued' },
  ],
  properties: {
    id: { type: 'number', primary: true, autoincrement: true },
    order: { kind: 'm:1', entity: () => SubcontractOrder, deleteRule: 'cascade' },
    deliveryNo: { type: 'number' },
    finishedQuantity: { ...quantityColumn },
    lotCode: { type: 'string', length: 60, nullable: true },
    receivedAt: { ...timestampColumn },
    reportedConsumed: { type: 'json' },
    reportedScrapped: { type: 'json' },
    reportedReturned: { type: 'json' },
    feeAccrued: { ...moneyColumn, default: 0 },
    status: { type: 'string', length: 10, default: 'received' },
    rejectedQuantity: { ...quantityColumn, default: 0 },
    feeReversed: { ...moneyColumn, default: 0 },
    redeliveredQuantity: { ...quantityColumn, default: 0 },
    idempotencyKey: { type: 'string', length: 200, unique: true },
    createdAt: { ...timestampColumn },
  },
});
