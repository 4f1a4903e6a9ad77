import type { EntityManager } from '@mikro-orm/postgresql';
import { Customer, CustomerShipTo } from '../../../db/entities';
import { ANY_ROLE } from '../../auth/auth-hook';
import {
  assignFields,
  auditChange,
  column,
  duplicate,
  type ChangeContext,
  type CsvColumn,
  type MasterDataResource,
} from '../../master-data';
import {
  createCustomerSchema,
  customerListQuery,
  customerRecordSchema,
  patchCustomerSchema,
  type CreateCustomerBody,
  type CustomerListQuery,
  type CustomerRecord,
  type PatchCustomerBody,
} from './customer-schemas';

const FIELDS = ['name', 'minShelfLifeDays', 'creditLimit', 'paymentTermsDays', 'segment', 'active'] as const;

/** The ship-to addresses; a customer created before they existed shows its one address as MAIN. */
function shipTosOf(customer: Customer): Array<{ code: string; address: string }> {
  const rows = customer.shipToAddresses.isInitialized() ? customer.shipToAddresses.getItems() : [];
  if (rows.length === 0) return [{ code: 'MAIN', address: customer.shipToAddress }];
  return rows.map(({ code, address }) => ({ code, address }));
}

function toRecord(customer: Customer): CustomerRecord {
  return {
    code: customer.code,
    name: customer.name,
    minShelfLifeDays: customer.minShelfLifeDays,
    creditLimit: customer.creditLimit,
    paymentTermsDays: customer.paymentTermsDays,
    segment: customer.segment,
    active: customer.active,
    shipToAddress: customer.shipToAddress,
    shipToAddresses: shipTosOf(customer),
  };
}

/** Replaces the ship-to addresses when given and keeps `shipToAddress` (read by orders) equal to the first. */
function replaceShipTos(em: EntityManager, customer: Customer, wanted: PatchCustomerBody['shipToAddresses']) {
  if (wanted === undefined) return undefined;
  const before = customer.shipToAddresses.getItems().map(({ code, address }) => ({ code, address }));
  if (JSON.stringify(before) === JSON.stringify(wanted)) return undefined;
  for (const old of customer.shipToAddresses.getItems()) em.remove(old);
  customer.shipToAddresses.removeAll();
  wanted.forEach(({ code, address }, index) => {
    const shipTo = new CustomerShipTo();
    shipTo.customer = customer;
    shipTo.code = code;
    shipTo.address = address;
    shipTo.position = index + 1;
    customer.shipToAddresses.add(shipTo);
    em.persist(shipTo);
  });
  customer.shipToAddress = wanted[0]?.address ?? customer.shipToAddress;
  return { from: before, to: wanted };
}

async function createCustomer(em: EntityManager, body: CreateCustomerBody, ctx: ChangeContext) {
  if (!ctx.keyIsFree && (await em.findOne(Customer, { code: body.code })))
    throw duplicate('customer', 'code', body.code);
  const customer = new Customer();
  customer.code = body.code;
  assignFields(customer, body, FIELDS);
  replaceShipTos(em, customer, body.shipToAddresses);
  em.persist(customer);
  auditChange(em, {
    actor: ctx.actor,
    action: 'customer.created',
    entityType: 'customer',
    entityId: body.code,
    details: body,
  });
  return customer;
}

async function updateCustomer(em: EntityManager, customer: Customer, body: PatchCustomerBody, ctx: ChangeContext) {
  const changes = assignFields(customer, body, FIELDS);
  const shipTos = replaceShipTos(em, customer, body.shipToAddresses);
  if (shipTos) changes.shipToAddresses = shipTos;
  if (Object.keys(changes).length === 0) return;
  const entry = { actor: ctx.actor, action: 'customer.updated', entityType: 'customer', entityId: customer.code };
  auditChange(em, { ...entry, details: changes });
}

/** `MAIN=1 Main St, Town | DEPOT=2 Dock Rd` <-> ship-to addresses (an address may hold commas, not `|`). */
function parseShipTos(cell: string): unknown {
  const entries = cell.split('|').map((part) => {
    const at = part.indexOf('=');
    return at > 0 ? { code: part.slice(0, at).trim(), address: part.slice(at + 1).trim() } : null;
  });
  return entries.every((e) => e !== null) ? entries : `${cell} (write CODE=address | CODE=address)`;
}

const CSV_COLUMNS: CsvColumn<CustomerRecord>[] = [
  column('code'),
  column('name'),
  column('minShelfLifeDays', { kind: 'number' }),
  column('creditLimit', { kind: 'number' }),
  column('paymentTermsDays', { kind: 'number' }),
  column('segment'),
  {
    name: 'shipToAddresses',
    parse: parseShipTos,
    format: (record) => record.shipToAddresses.map((s) => `${s.code}=${s.address}`).join(' | '),
  },
  column('active', { kind: 'boolean' }),
];

/** Customers: the master-data resource behind /api/customers. */
export const customerResource: MasterDataResource<
  Customer,
  CustomerRecord,
  CreateCustomerBody,
  PatchCustomerBody,
  CustomerListQuery
> = {
  label: 'customer',
  tag: 'customers',
  key: 'code',
  readRoles: ANY_ROLE,
  writeRoles: ['admin'],
  record: customerRecordSchema,
  toRecords: async (_em, customers) => customers.map(toRecord),
  list: {
    entity: Customer,
    query: customerListQuery,
    searchFields: ['code', 'name'],
    sortFields: {},
    defaultSort: 'name',
    populate: ['shipToAddresses'],
    where: (query) => (query.segment ? [{ segment: query.segment }] : []),
  },
  createSchema: createCustomerSchema,
  patchSchema: patchCustomerSchema,
  findByKey: (em, code) => em.findOne(Customer, { code }, { populate: ['shipToAddresses'] }),
  create: createCustomer,
  update: updateCustomer,
  csv: CSV_COLUMNS,
};
