import { EntitySchema } from '@mikro-orm/core';
import { dateColumn, quantityColumn, timestampColumn } from './columns';
import { Item } from './catalog';
import { StockMove } from './inventory';
import { Location, Lot, Warehouse } from './warehouse';

export const STOCK_TRANSFER_STATUSES = ['dispatched', 'received'] as const;
export type StockTransferStatus = (typeof STOCK_TRANSFER_STATUSES)[number];

/**
 * A transfer between two warehouses in two steps (issue 14): dispatch takes the stock out of its source bin into
 * status `in-transit` at the destination warehouse's dock (not free stock: never allocated, picked or counted as on
 * hand, but MRP supply at `expectedArrival`); receipt moves it, whole, into a bin of the destination warehouse as
 * available stock. Both moves go through the one posting engine (db/inventory/stock-transfer.ts).
 */
export class StockTransfer {
  id!: number;
  number!: string;
  item!: Item;
  lot: Lot | null = null;
  quantity!: number;
  fromLocation!: Location;
  toWarehouse!: Warehouse;
  /** Where the stock waits in transit: the destination warehouse's dock, in status `in-transit`. */
  transitLocation!: Location;
  /** The bin it is to land in (named at dispatch, or at receipt), then the bin it landed in. */
  toLocation: Location | null = null;
  /** When the stock is expected at the destination (ISO date): MRP counts it as supply then. */
  expectedArrival!: string;
  status: StockTransferStatus = 'dispatched';
  dispatchedBy!: string;
  dispatchedAt: Date = new Date();
  dispatchMove!: StockMove;
  receivedBy: string | null = null;
  receivedAt: Date | null = null;
  receiveMove: StockMove | null = null;
}

export const StockTransferSchema = new EntitySchema<StockTransfer>({
  class: StockTransfer,
  tableName: 'stock_transfer',
  indexes: [
    // MRP's transit supply reads the open transfers (db/planning/transit-supply.ts): a sliver of the table.
    {
      name: 'stock_transfer_open_index',
      expression:
        'create index "stock_transfer_open_index" on "stock_transfer" ("item_id") where status = \'dispatched\'',
    },
  ],
  checks: [
    { name: 'stock_transfer_quantity_positive', expression: 'quantity > 0' },
    // Written as `or`, not `in (...)`: MikroORM reads a single-column `in` check as an enum column.
    { name: 'stock_transfer_status_known', expression: "status = 'dispatched' or status = 'received'" },
  ],
  properties: {
    id: { type: 'number', primary: true, autoincrement: true },
    number: { type: 'string', length: 20, unique: true },
    item: { kind: 'm:1', entity: () => Item },
    lot: { kind: 'm:1', entity: () => Lot, nullable: true },
    quantity: { ...quantityColumn },
    fromLocation: { kind: 'm:1', entity: () => Location },
    toWarehouse: { kind: 'm:1', entity: () => Warehouse },
    transitLocation: { kind: 'm:1', entity: () => Location },
    toLocation: { kind: 'm:1', entity: () => Location, nullable: true },
    expectedArrival: { ...dateColumn },
    status: { type: 'string', length: 12, default: 'dispatched' },
    dispatchedBy: { type: 'string', length: 64 },
    dispatchedAt: { ...timestampColumn },
    dispatchMove: { kind: 'm:1', entity: () => StockMove },
    receivedBy: { type: 'string', length: 64, nullable: true },
    receivedAt: { ...timestampColumn, nullable: true },
    receiveMove: { kind: 'm:1', entity: () => StockMove, nullable: true },
  },
});
