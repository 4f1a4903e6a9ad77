import { EntitySchema } from '@mikro-orm/core';
import { quantityColumn, timestampColumn } from './columns';
import { Customer, Item } from './catalog';
import { Location, Lot } from './warehouse';

export const STOCK_STATUSES = ['available', 'quarantine', 'blocked', 'at-supplier'] as const;
/**
 * Stock dispatched by a transfer between warehouses (db/entities/stock-transfer.ts), waiting at the destination's dock:
 * like at-supplier still our stock at our cost, but never free (not allocated, picked or MRP on hand). Left out of
 * STOCK_STATUSES (what people may name in manual moves): only the transfer's own receipt moves it.
 */
export const IN_TRANSIT = 'in-transit';
export type StockStatus = (typeof STOCK_STATUSES)[number] | typeof IN_TRANSIT;

/**
 * On-hand quantity per item x location x lot x status x owner. Updated in the same transaction as the move that
 * changes it, so it always equals the sum of the moves; `reservedQuantity` is the part promised to orders.
 * `ownerCustomer` null is our stock; a customer's material (issue 15) is counted here but never valued, never
 * allocated to sales and never MRP supply.
 */
export class StockBalance {
  id!: number;
  item!: Item;
  location!: Location;
  lot: Lot | null = null;
  status: StockStatus = 'available';
  quantity = 0;
  reservedQuantity = 0;
  /** The customer who owns this stock; null = ours (the owner decides valuation: db/inventory/move-valuation.ts). */
  ownerCustomer: Customer | null = null;
  updatedAt: Date = new Date();
}

export const StockBalanceSchema = new EntitySchema<StockBalance>({
  class: StockBalance,
  tableName: 'stock_balance',
  indexes: [
    {
      name: 'stock_balance_key_unique',
      expression:
        'create unique index "stock_balance_key_unique" on "stock_balance" ("item_id", "location_id", coalesce("lot_id", 0), "status", coalesce("owner_customer_id", 0))',
    },
    // What we hold of a customer's (the customer-material statement): a sliver of the balances (Migration20261202172000).
    {
      name: 'stock_balance_owner_index',
      expression:
        'create index "stock_balance_owner_index" on "stock_balance" ("owner_customer_id", "item_id") where owner_customer_id is not null',
    },
    // Stock at suppliers (the subcontract tracking reports): a sliver of the balances (Migration20261202161000).
    {
      name: 'stock_balance_at_supplier_index',
      expression:
        'create index "stock_balance_at_supplier_index" on "stock_balance" ("location_id", "item_id") where status = \'at-supplier\'',
    },
  ],
  checks: [
    {
      name: 'stock_balance_reserved_range',
      expression: 'reserved_quantity >= 0 and reserved_quantity <= greatest(quantity, 0)',
    },
  ],
  properties: {
    id: { type: 'number', primary: true, autoincrement: true },
    item: { kind: 'm:1', entity: () => Item, index: true },
    location: { kind: 'm:1', entity: () => Location },
    lot: { kind: 'm:1', entity: () => Lot, nullable: true },
    status: { type: 'string', length: 16, default: 'available' },
    quantity: { ...quantityColumn, default: 0 },
    reservedQuantity: { ...quantityColumn, default: 0 },
    // Restrict: deleting a customer must never turn their material into ours.
    ownerCustomer: { kind: 'm:1', entity: () => Customer, nullable: true, deleteRule: 'restrict' },
    updatedAt: { ...timestampColumn },
  },
});

export const MOVE_TYPES = [
  'receipt',
  'issue',
  'shipment',
  'transfer',
  'adjustment',
  'scrap',
  'status-change',
  'supplier-return',
  'production-issue',
  'production-receipt',
] as const;
export type MoveType = (typeof MOVE_TYPES)[number];

/**
 * One append-only line of the stock ledger. A database trigger refuses UPDATE and DELETE; corrections are
 * new moves. The idempotency key makes a retried posting a no-op instead of a second move.
 */
export class StockMove {
  id!: number;
  moveType!: MoveType;
  item!: Item;
  lot: Lot | null = null;
  fromLocation: Location | null = null;
  toLocation: Location | null = null;
  fromStatus: StockStatus | null = null;
  toStatus: StockStatus | null = null;
  quantity!: number;
  effectiveAt!: Date;
  documentType!: string;
  documentRef!: string;
  lineNo: number | null = null;
  userName!: string;
  idempotencyKey!: string;
  /**
   * The account on the other side of Inventory that this move's journal entry booked (the caller's choice or the
   * move type's default); null for moves that book nothing. A later re-valuation of the move books here too.
   */
  offsetAccount: string | null = null;
  /** Whose stock moved: null = ours. A move never changes owner (the stock it takes and adds has the same owner). */
  ownerCustomer: Customer | null = null;
  /**
   * The receipt move whose FIFO layer this issue took first (a subcontract delivery sent back by the quality gate and
   * its re-delivery, db/inventory/own-layer.ts); a re-valuation takes the same layer first. Null: plain FIFO.
   */
  fromLayerOfMove: StockMove | null = null;
  createdAt: Date = new Date();
}

export const StockMoveSchema = new EntitySchema<StockMove>({
  class: StockMove,
  tableName: 'stock_move',
  indexes: [
    { properties: ['item', 'effectiveAt'] },
    { properties: ['documentType', 'documentRef'] },
    // The customer-material statement reads one customer's moves (Migration20261202172000).
    {
      name: 'stock_move_owner_index',
      expression:
        'create index "stock_move_owner_index" on "stock_move" ("owner_customer_id", "item_id") where owner_customer_id is not null',
    },
  ],
  checks: [{ name: 'stock_move_quantity_positive', expression: 'quantity > 0' }],
  properties: {
    id: { type: 'number', primary: true, autoincrement: true },
    moveType: { type: 'string', length: 20 },
    item: { kind: 'm:1', entity: () => Item },
    lot: { kind: 'm:1', entity: () => Lot, nullable: true },
    fromLocation: { kind: 'm:1', entity: () => Location, nullable: true },
    toLocation: { kind: 'm:1', entity: () => Location, nullable: true },
    fromStatus: { type: 'string', length: 16, nullable: true },
    toStatus: { type: 'string', length: 16, nullable: true },
    quantity: { ...quantityColumn },
    effectiveAt: { ...timestampColumn },
    documentType: { type: 'string', length: 30 },
    documentRef: { type: 'string', length: 60 },
    lineNo: { type: 'number', nullable: true },
    userName: { type: 'string', length: 64 },
    idempotencyKey: { type: 'string', length: 200, unique: true },
    offsetAccount: { type: 'string', length: 20, nullable: true },
    // Restrict: deleting a customer must never turn their material into ours.
    ownerCustomer: { kind: 'm:1', entity: () => Customer, nullable: true, deleteRule: 'restrict' },
    fromLayerOfMove: { kind: 'm:1', entity: () => StockMove, nullable: true, deleteRule: 'restrict' },
    createdAt: { ...timestampColumn },
  },
});

export type ReservationState = 'active' | 'released' | 'consumed';

/** Stock promised to one owner (a workflow instance) until it is consumed, released or expires. */
export class Reservation {
  id!: number;
  item!: Item;
  location!: Location;
  lot: Lot | null = null;
  quantity!: number;
  ownerWorkflowId!: string;
  documentRef!: string;
  lineNo!: number;
  state: ReservationState = 'active';
  /** Whose stock is held (the reserved balance's owner; null = ours), so the hold lands on that owner's balance. */
  ownerCustomer: Customer | null = null;
  expiresAt!: Date;
  createdAt: Date = new Date();
  closedAt: Date | null = null;
}

export const ReservationSchema = new EntitySchema<Reservation>({
  class: Reservation,
  tableName: 'reservation',
  indexes: [{ properties: ['ownerWorkflowId', 'state'] }, { properties: ['item', 'state'] }],
  checks: [{ name: 'reservation_quantity_positive', expression: 'quantity > 0' }],
  properties: {
    id: { type: 'number', primary: true, autoincrement: true },
    item: { kind: 'm:1', entity: () => Item },
    location: { kind: 'm:1', entity: () => Location },
    lot: { kind: 'm:1', entity: () => Lot, nullable: true },
    quantity: { ...quantityColumn },
    ownerWorkflowId: { type: 'string', length: 200 },
    documentRef: { type: 'string', length: 60 },
    lineNo: { type: 'number' },
    state: { type: 'string', length: 12, default: 'active' },
    ownerCustomer: { kind: 'm:1', entity: () => Customer, nullable: true, deleteRule: 'restrict' },
    expiresAt: { ...timestampColumn },
    createdAt: { ...timestampColumn },
    closedAt: { ...timestampColumn, nullable: true },
  },
});
