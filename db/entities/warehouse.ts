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
  },
});

export class Location {
  id!: number;
  code!: string;
  warehouse!: Warehouse;
  zone!: string;
  /** Position on the picker's walking route; pick lists sort by it. */
  pickSequence = 0;
}

export const LocationSchema = new EntitySchema<Location>({
  class: Location,
  tableName: 'location',
  properties: {
    id: { type: 'number', primary: true, autoincrement: true },
    code: { type: 'string', length: 40, unique: true },
    warehouse: { kind: 'm:1', entity: () => Warehouse },
    zone: { type: 'string', length: 20 },
    pickSequence: { type: 'number', default: 0 },
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
