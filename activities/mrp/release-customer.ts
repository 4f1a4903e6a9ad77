import type { EntityManager } from '@mikro-orm/postgresql';
import { MrpPlannedOrder } from '../../db/entities';
import { derivedPeggingOfRun } from '../../db/planning/derived-pegging';
import { query } from '../../db/sql';
import { bomComponents } from '../../db/subcontracting/bom-components';
import type { Peg } from '../../rules/mrp';
import { demandShares, peggedCustomer, salesOrderOf, type PegsOf } from './pegged-customer';

/**
 * The pegs of a run's planned orders, read as a release needs them: each item's pegging derived once from its stored
 * inputs (db/planning/derived-pegging.ts), or the pegs a run stored before pegging was derived.
 */
export function runPegs(em: EntityManager, runId: number): PegsOf {
  const derived = new Map<string, Map<string, Peg[]> | undefined>();
  return async (plannedRef) => {
    const order = await em.findOne(MrpPlannedOrder, { run: runId, plannedRef }, { populate: ['item'] });
    if (!order) return undefined;
    const sku = order.item.sku;
    if (!derived.has(sku)) derived.set(sku, (await derivedPeggingOfRun(em, runId, [sku])).get(sku)?.orders);
    return derived.get(sku)?.get(plannedRef) ?? (order.pegs as Peg[] | null) ?? [];
  };
}

/** The customers of the sales orders named, by order number. */
async function customersOf(em: EntityManager, orderNumbers: string[]): Promise<Map<string, string>> {
  if (orderNumbers.length === 0) return new Map();
  const rows = await query<{ order_number: string; code: string }>(
    em,
    `select o.order_number, c.code from sales_order o join customer c on c.id = o.customer_id
      where o.order_number in (?)`,
    [orderNumbers],
  );
  return new Map(rows.map((row) => [row.order_number, row.code]));
}

/**
 * The customer a planned subcontract order is released for: none needed when the item's BOM in effect on `date` has
 * no customer-supplied line; else the one customer its pegging leads to (pegged-customer.ts), or the reason it
 * cannot be released.
 */
export async function releaseCustomer(
  em: EntityManager,
  pegsOf: PegsOf,
  planned: MrpPlannedOrder,
  date: string,
): Promise<{ customerCode?: string } | { reason: string }> {
  const lines = await bomComponents(em, planned.item.sku, date);
  const customerLine = lines.find((line) => line.provision === 'customer');
  if (!customerLine) return {};
  const shares = await demandShares((await pegsOf(planned.plannedRef)) ?? [], pegsOf);
  const orders = shares.filter((share) => share.kind === 'sales-order').map((share) => salesOrderOf(share.ref));
  return peggedCustomer({
    sku: planned.item.sku,
    componentSku: customerLine.componentSku,
    quantity: planned.quantity,
    shares,
    customerOf: await customersOf(em, [...new Set(orders)]),
  });
}
