import { EntitySchema } from '@mikro-orm/core';
import { quantityColumn, timestampColumn } from './columns';
import { Item } from './catalog';
import { Location } from './warehouse';

/**
 * A pick face (issue 20): a storage bin pickers take one item from, kept between a minimum and a maximum. A pick wave
 * whose picks would leave it below its minimum first has it filled up to its maximum from the warehouse's reserve
 * storage (every other storage bin of the warehouse that is not a face of the item). One row per bin and item.
 */
export class PickFace {
  id!: number;
  location!: Location;
  item!: Item;
  minQuantity!: number;
  maxQuantity!: number;
  updatedBy!: string;
  updatedAt: Date = new Date();
}

export const PickFaceSchema = new EntitySchema<PickFace>({
  class: PickFace,
  tableName: 'pick_face',
  uniques: [{ name: 'pick_face_location_item_unique', properties: ['location', 'item'] }],
  indexes: [{ name: 'pick_face_item_index', properties: ['item'] }],
  checks: [
    { name: 'pick_face_min_not_negative', expression: 'min_quantity >= 0' },
    { name: 'pick_face_max_above_min', expression: 'max_quantity > min_quantity' },
  ],
  properties: {
    id: { type: 'number', primary: true, autoincrement: true },
    location: { kind: 'm:1', entity: () => Location },
    item: { kind: 'm:1', entity: () => Item },
    minQuantity: { ...quantityColumn },
    maxQuantity: { ...quantityColumn },
    updatedBy: { type: 'string', length: 64 },
    updatedAt: { ...timestampColumn },
  },
});
