import { EntitySchema } from '@mikro-orm/core';
import { Customer } from './catalog';

/** One place a customer takes deliveries; the first (position 1) is the default copied to `Customer.shipToAddress`. */
export class CustomerShipTo {
  id!: number;
  customer!: Customer;
  code!: string;
  address!: string;
  position!: number;
}

export const CustomerShipToSchema = new EntitySchema<CustomerShipTo>({
  class: CustomerShipTo,
  tableName: 'customer_ship_to',
  uniques: [{ properties: ['customer', 'code'] }],
  properties: {
    id: { type: 'number', primary: true, autoincrement: true },
    customer: { kind: 'm:1', entity: () => Customer, deleteRule: 'cascade' },
    code: { type: 'string', length: 40 },
    address: { type: 'string', length: 400 },
    position: { type: 'number' },
  },
});
