import { EntitySchema } from '@mikro-orm/core';
import { dateColumn, timestampColumn } from './columns';
import { Item } from './catalog';

export class Warehouse {
  id!: number;
  code!: string;
  name!: string;
  /** Lower numbers are preferred when allocation ranks warehouses. */
  priority = 100;
  /** Virtual warehouses hold customer-supplied material: counted, never valued. */
  virtual = false;
  /** Deactivated warehouses stay for the ledger's history but take no new orders, receipts or bins. */
  active = true;
}

export const WarehouseSchema = new EntitySchema<Warehouse>({
  class: Warehouse,
  tableName: 'warehouse',
  properties: {
    id: { type: 'number', primary: true, autoincrement: true },
    code: { type: 'string', length: 20, unique: true },
    name: { type: 'string', length: 120 },
    priority: { type: 'number', default: 100 },
    virtual: { type: 'boolean', default: false },
    active: { type: 'boolean', default: true },
  },
});

/** An area of a warehouse (aisles, cold room, quarantine cage) that groups its bins. */
export class Zone {
  id!: number;
  warehouse!: Warehouse;
  code!: string;
  name!: string;
  /**
   * A putaway default only: stock that is put away while in quarantine is proposed this zone's bins. Quarantine
   * itself stays a stock status; stock in such a bin is not quarantined by where it lies.
   */
  quarantineArea = false;
  active = true;
}

export const ZoneSchema = new EntitySchema<Zone>({
  class: Zone,
  tableName: 'zone',
  uniques: [{ properties: ['warehouse', 'code'] }],
  properties: {
    id: { type: 'number', primary: true, autoincrement: true },
    warehouse: { kind: 'm:1', entity: () => Warehouse },
    code: { type: 'string', length: 20 },
    name: { type: 'string', length: 120 },
    quarantineArea: { type: 'boolean', default: false },
    active: { type: 'boolean', default: true },
  },
});

/**
 * What a location is for. `dock`: where receipts land and picks are staged, never allocated from (the one
 * definition of "the dock", read through db/repositories/location-repository.ts); `storage`: bins stock is put
 * away into and allocated from; `virtual`: a place that holds stock on paper only (customer-supplied material).
 */
export const LOCATION_TYPES = ['dock', 'storage', 'virtual'] as const;
export type LocationType = (typeof LOCATION_TYPES)[number];

export class Location {
  id!: number;
  code!: string;
  warehouse!: Warehouse;
  /** The zone the bin belongs to; a dock may lie outside every zone. */
  zone: Zone | null = null;
  type: LocationType = 'storage';
  /** Position on the picker's walking route; pick lists sort by it. */
  pickSequence = 0;
  /** A location holding stock cannot be deactivated; deactivated ones take no new stock. */
  active = true;
}

export const LocationSchema = new EntitySchema<Location>({
  class: Location,
  tableName: 'location',
  indexes: [{ properties: ['warehouse', 'type'] }],
  properties: {
    id: { type: 'number', primary: true, autoincrement: true },
    code: { type: 'string', length: 40, unique: true },
    warehouse: { kind: 'm:1', entity: () => Warehouse },
    zone: { kind: 'm:1', entity: () => Zone, nullable: true },
    type: { enum: true, items: () => [...LOCATION_TYPES], default: 'storage' },
    pickSequence: { type: 'number', default: 0 },
    active: { type: 'boolean', default: true },
  },
});

export class Lot {
  id!: number;
  item!: Item;
  code!: string;
  manufacturedOn!: string;
  expiresOn: string | null = null;
  /** When the lot first entered stock; FIFO ranks by it. */
  receivedAt!: Date;
}

export const LotSchema = new EntitySchema<Lot>({
  class: Lot,
  tableName: 'lot',
  uniques: [{ properties: ['item', 'code'] }],
  properties: {
    id: { type: 'number', primary: true, autoincrement: true },
    item: { kind: 'm:1', entity: () => Item },
    code: { type: 'string', length: 40 },
    manufacturedOn: { ...dateColumn },
    expiresOn: { ...dateColumn, nullable: true },
    receivedAt: { ...timestampColumn },
  },
});
