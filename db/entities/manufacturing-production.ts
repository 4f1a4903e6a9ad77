import { Collection, DecimalType, EntitySchema } from '@mikro-orm/core';
import { Customer, Item } from './catalog';
import { dateColumn, moneyColumn, quantityColumn, timestampColumn } from './columns';
import { Bom, type BomLineProvision } from './manufacturing-bom';
import { Routing, WorkCentre } from './manufacturing-routing';
import { Warehouse } from './warehouse';

/** Where a production order stands; `completed`, `closed` and `cancelled` take no more work. */
export type ProductionOrderStatus =
  'created' | 'released' | 'awaiting-stock' | 'in-progress' | 'completed' | 'closed' | 'cancelled';

/** How a component reaches the order: its own kit pick, one pick for several orders, or consumed at the report. */
export type ComponentIssueMode = 'kit' | 'merged' | 'backflush';
/** What a kit does when stock is short: wait durably for stock, or go on with what is there. */
export type ComponentWhenShort = 'wait' | 'release-partial';
/**
 * The cost elements an order's WIP is built from (`amount` signed into WIP). A cost difference found later for an
 * issued component (supplier invoice price, backdated receipt) is a `material-revaluation` while the order is open;
 * after close or cancel a `late-revaluation`, with a `variance` row against it (it went straight to 5500).
 */
export type ProductionCostKind =
  | 'material'
  | 'backflush'
  | 'labour'
  | 'overhead'
  | 'completion'
  | 'return'
  | 'variance'
  | 'material-revaluation'
  | 'late-revaluation'
  /** The period close's labour and overhead distribution landing in an open order's WIP (issue 17 step 4). */
  | 'absorption';
export type ProductionReportKind = 'operation' | 'completion';

/** The `material-issue` rule-set version an order pinned at release (same shape as the workflows' RulePin). */
export interface ProductionIssueRulePin {
  ruleSetId: number;
  ruleSetCode: string;
  version: number;
  contentHash: string;
}

/**
 * A production order (`PRD-000001` ...): make `quantity` of `item` in `warehouse`, components picked there and
 * finished goods received there. Its process is `production-order:<number>`. The BOM and routing versions effective
 * on `startDate` are pinned at release and never change after, so a new BOM version never alters a released order.
 */
export class ProductionOrder {
  id!: number;
  number!: string;
  item!: Item;
  quantity!: number;
  warehouse!: Warehouse;
  /** ISO date the goods are due; past it with work open, the planner is asked. */
  dueDate!: string;
  /** ISO date the BOM and routing versions are taken at. */
  startDate!: string;
  /** Lower first (kitting competes orders in this order). */
  priority = 100;
  /** The customer it is made for, whose material its customer-supplied components are; null = made for stock. */
  customer: Customer | null = null;
  status: ProductionOrderStatus = 'created';
  bom: Bom | null = null;
  routing: Routing | null = null;
  issueRules: ProductionIssueRulePin | null = null;
  completedQuantity = 0;
  scrappedQuantity = 0;
  note: string | null = null;
  components = new Collection<ProductionOrderComponent>(this);
  operations = new Collection<ProductionOrderOperation>(this);
  createdBy!: string;
  createdAt: Date = new Date();
  releasedAt: Date | null = null;
  closedAt: Date | null = null;
  cancelledAt: Date | null = null;
  cancelReason: string | null = null;
  updatedAt: Date = new Date();
}

export const ProductionOrderSchema = new EntitySchema<ProductionOrder>({
  class: ProductionOrder,
  tableName: 'production_order',
  checks: [{ name: 'production_order_quantity_positive', expression: 'quantity > 0' }],
  properties: {
    id: { type: 'number', primary: true, autoincrement: true },
    number: { type: 'string', length: 20, unique: true },
    // Indexed: kitting counts an item's open orders as covering supply.
    item: { kind: 'm:1', entity: () => Item, index: true },
    quantity: { ...quantityColumn },
    warehouse: { kind: 'm:1', entity: () => Warehouse },
    dueDate: { ...dateColumn },
    startDate: { ...dateColumn },
    priority: { type: 'number', default: 100 },
    customer: { kind: 'm:1', entity: () => Customer, nullable: true, deleteRule: 'restrict', index: true },
    // Indexed: the receipt's wake-up finds the orders awaiting stock.
    status: { type: 'string', length: 20, default: 'created', index: true },
    bom: { kind: 'm:1', entity: () => Bom, nullable: true },
    routing: { kind: 'm:1', entity: () => Routing, nullable: true },
    issueRules: { type: 'json', nullable: true },
    completedQuantity: { ...quantityColumn, default: 0 },
    scrappedQuantity: { ...quantityColumn, default: 0 },
    note: { type: 'text', nullable: true },
    components: {
      kind: '1:m',
      entity: () => ProductionOrderComponent,
      mappedBy: 'productionOrder',
      orderBy: { lineNo: 'asc' },
    },
    operations: {
      kind: '1:m',
      entity: () => ProductionOrderOperation,
      mappedBy: 'productionOrder',
      orderBy: { seq: 'asc' },
    },
    createdBy: { type: 'string', length: 64 },
    createdAt: { ...timestampColumn },
    releasedAt: { ...timestampColumn, nullable: true },
    closedAt: { ...timestampColumn, nullable: true },
    cancelledAt: { ...timestampColumn, nullable: true },
    cancelReason: { type: 'text', nullable: true },
    updatedAt: { ...timestampColumn },
  },
});

/**
 * One component the order needs, written at release from the pinned BOM (phantoms passed through: `viaPhantomSku`
 * names the phantom it came through). `requiredQuantity` = order qty x quantityPer x (1 + scrap%/100), to 0.001.
 */
export class ProductionOrderComponent {
  id!: number;
  productionOrder!: ProductionOrder;
  lineNo!: number;
  item!: Item;
  viaPhantomSku: string | null = null;
  /** Per ONE unit of the order's item, phantoms multiplied through. */
  quantityPer!: number;
  scrapPercent = 0;
  requiredQuantity!: number;
  /** The routing operation that consumes it (backflush at its report); null: at completion. */
  operationSeq: number | null = null;
  issueMode!: ComponentIssueMode;
  whenShort!: ComponentWhenShort;
  /** `customer`: the order's customer's material, issued at no value (never Inventory, WIP or the goods' cost). */
  provision: BomLineProvision = 'ours';
  /** The rule_decision that chose the mode. */
  decisionId: number | null = null;
  issueNote: string | null = null;
  issuedQuantity = 0;
  issuedValue = 0;
  returnedQuantity = 0;
  returnedValue = 0;
}

export const ProductionOrderComponentSchema = new EntitySchema<ProductionOrderComponent>({
  class: ProductionOrderComponent,
  tableName: 'production_order_component',
  uniques: [{ properties: ['productionOrder', 'lineNo'] }],
  checks: [
    { name: 'production_order_component_provision', expression: "provision = 'ours' or provision = 'customer'" },
  ],
  properties: {
    id: { type: 'number', primary: true, autoincrement: true },
    productionOrder: { kind: 'm:1', entity: () => ProductionOrder, deleteRule: 'cascade' },
    lineNo: { type: 'number' },
    // MRP's net change reads a few hundred items' open lines by item (bench/mrp-net-change.bench.ts).
    item: { kind: 'm:1', entity: () => Item, index: true },
    viaPhantomSku: { type: 'string', length: 60, nullable: true },
    quantityPer: { type: new DecimalType('number'), precision: 18, scale: 6 },
    scrapPercent: { type: new DecimalType('number'), precision: 7, scale: 4, default: 0 },
    requiredQuantity: { ...quantityColumn },
    operationSeq: { type: 'number', nullable: true },
    issueMode: { type: 'string', length: 10 },
    whenShort: { type: 'string', length: 16 },
    provision: { type: 'string', length: 10, default: 'ours' },
    decisionId: { type: 'number', nullable: true },
    issueNote: { type: 'text', nullable: true },
    issuedQuantity: { ...quantityColumn, default: 0 },
    issuedValue: { ...moneyColumn, default: 0 },
    returnedQuantity: { ...quantityColumn, default: 0 },
    returnedValue: { ...moneyColumn, default: 0 },
  },
});

/** One routing operation copied onto the order at release, with what was reported against it so far. */
export class ProductionOrderOperation {
  id!: number;
  productionOrder!: ProductionOrder;
  seq!: number;
  workCentre!: WorkCentre;
  description!: string;
  setupHours!: number;
  runHoursPerUnit!: number;
  goodQuantity = 0;
  scrapQuantity = 0;
  labourHours = 0;
  status: 'open' | 'done' = 'open';
}

export const ProductionOrderOperationSchema = new EntitySchema<ProductionOrderOperation>({
  class: ProductionOrderOperation,
  tableName: 'production_order_operation',
  uniques: [{ properties: ['productionOrder', 'seq'] }],
  properties: {
    id: { type: 'number', primary: true, autoincrement: true },
    productionOrder: { kind: 'm:1', entity: () => ProductionOrder, deleteRule: 'cascade' },
    seq: { type: 'number' },
    workCentre: { kind: 'm:1', entity: () => WorkCentre },
    description: { type: 'string', length: 200 },
    setupHours: { type: new DecimalType('number'), precision: 12, scale: 4 },
    runHoursPerUnit: { type: new DecimalType('number'), precision: 14, scale: 6 },
    goodQuantity: { ...quantityColumn, default: 0 },
    scrapQuantity: { ...quantityColumn, default: 0 },
    labourHours: { type: new DecimalType('number'), precision: 14, scale: 4, default: 0 },
    status: { type: 'string', length: 12, default: 'open' },
  },
});

/**
 * One amount into (+) or out of (−) the order's WIP (account 1400), with the journal entry and stock move it posted.
 * The order's WIP is the sum of `amount`; it equals the 1400 balance of its journal entries and is 0 after close.
 */
export class ProductionCost {
  id!: number;
  productionOrder!: ProductionOrder;
  kind!: ProductionCostKind;
  componentLineNo: number | null = null;
  operationSeq: number | null = null;
  quantity: number | null = null;
  amount!: number;
  journalEntryId: number | null = null;
  stockMoveId: number | null = null;
  reportedBy!: string;
  effectiveAt!: Date;
  /** The activity step that wrote it: a retried step never costs twice. */
  idempotencyKey!: string;
  createdAt: Date = new Date();
}

export const ProductionCostSchema = new EntitySchema<ProductionCost>({
  class: ProductionCost,
  tableName: 'production_cost',
  properties: {
    id: { type: 'number', primary: true, autoincrement: true },
    productionOrder: { kind: 'm:1', entity: () => ProductionOrder, index: true },
    kind: { type: 'string', length: 20 },
    componentLineNo: { type: 'number', nullable: true },
    operationSeq: { type: 'number', nullable: true },
    quantity: { ...quantityColumn, nullable: true },
    amount: { ...moneyColumn },
    journalEntryId: { type: 'number', nullable: true },
    stockMoveId: { type: 'number', nullable: true },
    reportedBy: { type: 'string', length: 64 },
    effectiveAt: { ...timestampColumn },
    idempotencyKey: { type: 'string', length: 200, unique: true },
    createdAt: { ...timestampColumn },
  },
});

/** One operation or completion report a clerk made (from a human task: a retried report never counts twice). */
export class ProductionReport {
  id!: number;
  productionOrder!: ProductionOrder;
  kind!: ProductionReportKind;
  operationSeq: number | null = null;
  goodQuantity!: number;
  scrapQuantity = 0;
  labourHours: number | null = null;
  toLocation: string | null = null;
  reportedBy!: string;
  reportedAt!: Date;
  taskId!: string;
}

export const ProductionReportSchema = new EntitySchema<ProductionReport>({
  class: ProductionReport,
  tableName: 'production_report',
  properties: {
    id: { type: 'number', primary: true, autoincrement: true },
    productionOrder: { kind: 'm:1', entity: () => ProductionOrder, index: true },
    kind: { type: 'string', length: 12 },
    operationSeq: { type: 'number', nullable: true },
    goodQuantity: { ...quantityColumn },
    scrapQuantity: { ...quantityColumn, default: 0 },
    labourHours: { type: new DecimalType('number'), precision: 14, scale: 4, nullable: true },
    toLocation: { type: 'string', length: 40, nullable: true },
    reportedBy: { type: 'string', length: 64 },
    reportedAt: { ...timestampColumn },
    taskId: { type: 'string', length: 200, unique: true },
  },
});
