import { DecimalType, EntitySchema } from '@mikro-orm/core';
import { moneyColumn, quantityColumn, timestampColumn } from './columns';
import { Item } from './catalog';
import { Location, Lot, Warehouse } from './warehouse';

/** Why a bin is counted: a pick that did not find the stock, a person's request, or the cycle-count schedule. */
export const STOCK_COUNT_REASONS = ['short-pick', 'manual', 'cycle'] as const;
export type StockCountReason = (typeof STOCK_COUNT_REASONS)[number];

/** Where a count stands; `posted` and `cancelled` are final, every other status holds the bin. */
export const STOCK_COUNT_STATUSES = ['open', 'recount', 'approval', 'posted', 'cancelled'] as const;
export type StockCountStatus = (typeof STOCK_COUNT_STATUSES)[number];

/** Statuses in which a count holds its bin (its item): allocation skips that stock, a second count is refused. */
export const OPEN_COUNT_STATUSES: readonly StockCountStatus[] = ['open', 'recount', 'approval'];

/**
 * A count of one bin (optionally of one item in it), run by the `stock-count:<countNumber>` workflow. While it is
 * open, allocation skips the counted stock (the item's, or the whole bin's) and no overlapping count can start.
 */
export class StockCount {
  id!: number;
  countNumber!: string;
  warehouse!: Warehouse;
  location!: Location;
  /** Only this item is counted; null counts every item in the bin. */
  item: Item | null = null;
  reason!: StockCountReason;
  status: StockCountStatus = 'open';
  /** The document that asked for the count (a sales order for a short pick, the schedule's run for a cycle). */
  sourceRef: string | null = null;
  workflowId!: string;
  /** The last stock move when the book quantities were taken: moves after it are the moves during the count. */
  snapshotMoveId = 0;
  /** The difference within which no recount is needed, from the cycle-count rules pinned for the count. */
  recountTolerance: number | null = null;
  /** The absolute difference value above which a controller approves the posting. */
  approvalAboveValue: number | null = null;
  /** The stored cycle-count decision (facts, fired rules, result) the tolerances came from. */
  decisionId: number | null = null;
  differenceValue: number | null = null;
  approvedBy: string | null = null;
  requestedBy!: string;
  createdAt: Date = new Date();
  postedAt: Date | null = null;
}

export const StockCountSchema = new EntitySchema<StockCount>({
  class: StockCount,
  tableName: 'stock_count',
  indexes: [
    { properties: ['status', 'createdAt'] },
    {
      name: 'stock_count_open_bin_unique',
      expression: `create unique index "stock_count_open_bin_unique" on "stock_count" ("location_id", coalesce("item_id", 0)) where status in ('open', 'recount', 'approval')`,
    },
  ],
  properties: {
    id: { type: 'number', primary: true, autoincrement: true },
    countNumber: { type: 'string', length: 30, unique: true },
    warehouse: { kind: 'm:1', entity: () => Warehouse },
    location: { kind: 'm:1', entity: () => Location },
    item: { kind: 'm:1', entity: () => Item, nullable: true },
    reason: { type: 'string', length: 16 },
    status: { type: 'string', length: 16, default: 'open' },
    sourceRef: { type: 'string', length: 60, nullable: true },
    workflowId: { type: 'string', length: 200 },
    snapshotMoveId: { type: 'number', default: 0 },
    recountTolerance: { ...quantityColumn, nullable: true },
    approvalAboveValue: { ...moneyColumn, nullable: true },
    decisionId: { type: 'number', nullable: true },
    differenceValue: { ...moneyColumn, nullable: true },
    approvedBy: { type: 'string', length: 64, nullable: true },
    requestedBy: { type: 'string', length: 64 },
    createdAt: { ...timestampColumn },
    postedAt: { ...timestampColumn, nullable: true },
  },
});

/**
 * One item x lot of a counted bin: the book quantity when the count started (never shown to the counting clerk),
 * what the first and the second clerk counted, and the difference and value as posted.
 */
export class StockCountLine {
  id!: number;
  count!: StockCount;
  lineNo!: number;
  item!: Item;
  lot: Lot | null = null;
  bookQuantity = 0;
  countedQuantity: number | null = null;
  countedBy: string | null = null;
  recountQuantity: number | null = null;
  recountBy: string | null = null;
  /** Counted (the recount when there was one) minus the book adjusted by the moves during the count. */
  differenceQuantity: number | null = null;
  unitCost: number | null = null;
  differenceValue: number | null = null;
  moveId: number | null = null;
}

export const StockCountLineSchema = new EntitySchema<StockCountLine>({
  class: StockCountLine,
  tableName: 'stock_count_line',
  uniques: [{ properties: ['count', 'lineNo'] }],
  properties: {
    id: { type: 'number', primary: true, autoincrement: true },
    count: { kind: 'm:1', entity: () => StockCount, deleteRule: 'cascade' },
    lineNo: { type: 'number' },
    item: { kind: 'm:1', entity: () => Item },
    lot: { kind: 'm:1', entity: () => Lot, nullable: true },
    bookQuantity: { ...quantityColumn, default: 0 },
    countedQuantity: { ...quantityColumn, nullable: true },
    countedBy: { type: 'string', length: 64, nullable: true },
    recountQuantity: { ...quantityColumn, nullable: true },
    recountBy: { type: 'string', length: 64, nullable: true },
    differenceQuantity: { ...quantityColumn, nullable: true },
    unitCost: { type: new DecimalType('number'), precision: 18, scale: 4, nullable: true },
    differenceValue: { ...moneyColumn, nullable: true },
    moveId: { type: 'number', nullable: true },
  },
});
