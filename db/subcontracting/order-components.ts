import type { EntityManager } from '@mikro-orm/postgresql';
import { lineRequirement } from '../../rules/manufacturing/quantities';
import { Customer, Item, type ComponentProvision } from '../entities';
import { DocumentError } from '../errors';
import { bomComponents } from './bom-components';

/*
 * The components of a subcontract order as its writer stores them: the ones given, checked against the master data
 * and the item being made (each refusal names components[i].<field>), else the item's BOM; and each one's requirement.
 */

const today = () => new Date().toISOString().slice(0, 10);
const to3 = (value: number) => Math.round(value * 1000) / 1000;

/** One component as given: omitted provision is `ours`; `customerCode` only (and always) with `customer`. */
export interface SubcontractComponentInput {
  itemSku: string;
  quantityPer: number;
  scrapPercent?: number;
  provision?: ComponentProvision;
  customerCode?: string;
}

/** A known, active item; `field` names the input that gave its SKU. */
export async function activeItem(em: EntityManager, sku: string, field: string): Promise<Item> {
  const item = await em.findOne(Item, { sku });
  if (!item) throw new DocumentError('UNKNOWN_ITEM', `No item ${sku}`, field);
  if (!item.active) throw new DocumentError('RECORD_INACTIVE', `Item ${sku} is deactivated`, field);
  return item;
}

/** One given component checked against the master data and the finished item. */
async function resolveComponent(
  em: EntityManager,
  finished: Item,
  given: SubcontractComponentInput,
  index: number,
  seen: Set<string>,
) {
  const at = `components[${index}]`;
  const item = await activeItem(em, given.itemSku, `${at}.itemSku`);
  if (item.id === finished.id) {
    throw new DocumentError(
      'VALIDATION_FAILED',
      `${item.sku} is the item being made; it cannot be its own component`,
      `${at}.itemSku`,
    );
  }
  if (seen.has(item.sku)) {
    throw new DocumentError(
      'VALIDATION_FAILED',
      `${item.sku} is listed twice; give it once with its full quantity`,
      `${at}.itemSku`,
    );
  }
  seen.add(item.sku);
  const provision = given.provision ?? 'ours';
  let customer: Customer | null = null;
  if (provision === 'customer') {
    if (!given.customerCode) {
      throw new DocumentError(
        'VALIDATION_FAILED',
        `A customer-provided component names its customer`,
        `${at}.customerCode`,
      );
    }
    customer = await em.findOne(Customer, { code: given.customerCode });
    if (!customer)
      throw new DocumentError('VALIDATION_FAILED', `No customer ${given.customerCode}`, `${at}.customerCode`);
  } else if (given.customerCode) {
    throw new DocumentError(
      'VALIDATION_FAILED',
      `Only a customer-provided component names a customer (provision is '${provision}')`,
      `${at}.customerCode`,
    );
  }
  return { item, quantityPer: given.quantityPer, scrapPercent: given.scrapPercent ?? 0, provision, customer };
}

export type ResolvedComponent = Awaited<ReturnType<typeof resolveComponent>>;

/** Quantities are numeric(18,3): a requirement from 10^15 up would not fit the column. */
const MAX_QUANTITY = 1e15;

/** A component's requirement for the order, to 0.001; one too large to store is refused naming what made it so. */
export function requiredOf(quantity: number, given: boolean, component: ResolvedComponent, index: number): number {
  const required = to3(lineRequirement(quantity, component.quantityPer, component.scrapPercent));
  if (required < MAX_QUANTITY) return required;
  const field = given ? `components[${index}].quantityPer` : 'quantity';
  throw new DocumentError(
    'VALIDATION_FAILED',
    `${component.item.sku} would need ${required}, more than a quantity can hold: order fewer or less per unit`,
    field,
  );
}

/**
 * The given components, or the item's BOM in effect today with each line's provision: a customer-supplied BOM line
 * becomes a customer-provided component of `customerCode` (the customer the order is made for), refused without one
 * or with an unknown one naming customerCode. No components at all is refused.
 */
export async function componentsOf(
  em: EntityManager,
  finished: Item,
  given: SubcontractComponentInput[] | undefined,
  customerCode?: string,
) {
  const seen = new Set<string>();
  if (given && given.length > 0) {
    const resolved: ResolvedComponent[] = [];
    for (const [index, component] of given.entries()) {
      resolved.push(await resolveComponent(em, finished, component, index, seen));
    }
    return resolved;
  }
  const lines = await bomComponents(em, finished.sku, today());
  if (lines.length === 0) {
    throw new DocumentError(
      'VALIDATION_FAILED',
      `Item ${finished.sku} has no bill of materials in effect on ${today()}: give its components`,
      'components',
    );
  }
  const customerLine = lines.find((line) => line.provision === 'customer');
  let customer: Customer | null = null;
  if (customerLine) {
    if (!customerCode) {
      throw new DocumentError(
        'VALIDATION_FAILED',
        `${customerLine.componentSku} is supplied by the customer the order is made for: name the customer`,
        'customerCode',
      );
    }
    customer = await em.findOne(Customer, { code: customerCode });
    if (!customer) throw new DocumentError('VALIDATION_FAILED', `No customer ${customerCode}`, 'customerCode');
  }
  const items = await em.find(Item, { sku: { $in: lines.map((line) => line.componentSku) } });
  const bySku = new Map(items.map((item) => [item.sku, item]));
  return lines.map((line) => ({
    item: bySku.get(line.componentSku) as Item,
    quantityPer: line.quantityPer,
    scrapPercent: line.scrapPercent,
    provision: line.provision satisfies ComponentProvision,
    customer: line.provision === 'customer' ? customer : null,
  }));
}
