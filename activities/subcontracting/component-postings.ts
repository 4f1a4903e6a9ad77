import type { EntityManager } from '@mikro-orm/postgresql';
import { BooksError } from '../../db/errors';
import { postMove } from '../../db/inventory/post-move';
import type { SubcontractOrder, SubcontractOrderComponent } from '../../db/entities';
import { balancesAtSupplier, homeLocation, supplierSiteCode } from './supplier-site';
import { refuse, round3, SUBCONTRACT_DOCUMENT } from './subcontract-order-read';

/**
 * Subcontract fees accrued (POSTINGS.md 2300). A subcontract receipt posts one entry per delivery (receive-delivery.ts):
 * Dr 1300 finished goods / Cr 1300 each component consumed at its FIFO cost / Cr 2300 the fee. The moves of the
 * delivery are valued without entries of their own (postMove `journal: false`) and booked by that one entry.
 */
export const SUBCONTRACT_FEES_ACCRUED = '2300';

/** What leaves the supplier's site for one component: consumed, scrapped or returned home. */
export type SiteOutflow = 'consumed' | 'scrapped' | 'returned';

/**
 * How each outflow posts: consumed into the finished goods, scrap to 5200, returns back home (no entry). A consumed
 * component's move still stores 2300 as its offset account, as it always has: its cost is booked into the finished
 * goods by the delivery's entry, but a later re-valuation of the consumed issue (a backdated receipt of the component)
 * re-costs only the component's own scope, not the finished goods' layer, so its difference cannot follow the goods;
 * it goes where the fee accrual sits (2300), beside the fee the supplier's invoice settles, and keeps 1300 and the
 * stock subledger equal. Storing 1300 instead would book Dr 1300 / Cr 1300 and leave the subledger apart from the books.
 */
const OUTFLOW_MOVES = {
  consumed: { moveType: 'issue', offsetAccount: SUBCONTRACT_FEES_ACCRUED },
  scrapped: { moveType: 'scrap', offsetAccount: undefined },
  returned: { moveType: 'transfer', offsetAccount: undefined },
} as const;

/**
 * Takes `quantity` of a component out of the supplier's site (status at-supplier), oldest balance first, as the
 * outflow's moves; a returned quantity goes back to the order's warehouse as available stock. A customer-provided
 * line's outflow is that customer's material, owner kept. Returns the value that left inventory (0 for a return and
 * for a customer's material). With `journal: false` the moves book no entry: the caller books the value returned
 * in its own entry in the same transaction. The books refusing (not that much there) refuses the receipt naming `field`.
 */
export async function postSiteOutflow(
  em: EntityManager,
  order: SubcontractOrder,
  line: SubcontractOrderComponent,
  flow: { kind: SiteOutflow; quantity: number; key: string; userName: string; field: string; journal?: false },
): Promise<number> {
  if (flow.quantity <= 0) return 0;
  const site = supplierSiteCode(order.supplier.code);
  const home = flow.kind === 'returned' ? await homeLocation(em, order.warehouse.id) : null;
  if (flow.kind === 'returned' && home === null) {
    refuse('RECEIPT_REFUSED', `Warehouse ${order.warehouse.code} has no storage location to return into`, flow.field);
  }
  // A customer-provided line takes only that customer's material and moves it as theirs (a return comes home still
  // theirs); ours never touches it. postMove values a customer's move at 0 and books no entry for it.
  const ownerCustomerCode = line.provision === 'customer' ? (line.customer?.code ?? null) : null;
  const ownerCustomerId = line.provision === 'customer' ? (line.customer?.id ?? null) : null;
  const balances = await balancesAtSupplier(em, site, line.item.id, ownerCustomerId);
  const there = round3(balances.reduce((sum, balance) => sum + balance.quantity, 0));
  if (there < flow.quantity) {
    refuse(
      'RECEIPT_REFUSED',
      `${line.item.sku}: ${flow.quantity} ${flow.kind} but only ${there} is at ${site}`,
      flow.field,
    );
  }
  let left = flow.quantity;
  let value = 0;
  const { moveType, offsetAccount } = OUTFLOW_MOVES[flow.kind];
  for (const [index, balance] of balances.entries()) {
    if (left <= 0) break;
    const quantity = round3(Math.min(left, balance.quantity));
    const posted = await postMove(em, {
      moveType,
      itemSku: line.item.sku,
      lot: balance.lotCode === null ? null : { code: balance.lotCode },
      fromLocation: site,
      fromStatus: 'at-supplier',
      ...(home === null ? {} : { toLocation: home, toStatus: 'available' as const }),
      quantity,
      documentType: SUBCONTRACT_DOCUMENT,
      documentRef: order.orderNumber,
      lineNo: line.lineNo,
      userName: flow.userName,
      idempotencyKey: `${flow.key}:${flow.kind}:${line.lineNo}:${index}`,
      ...(offsetAccount === undefined ? {} : { offsetAccount }),
      ...(flow.journal === false ? { journal: false } : {}),
      ...(ownerCustomerCode === null ? {} : { ownerCustomerCode }),
    }).catch((error: unknown) => {
      if (error instanceof BooksError) refuse('RECEIPT_REFUSED', `${line.item.sku}: ${error.message}`, flow.field);
      throw error;
    });
    value += posted.value;
    left = round3(left - quantity);
  }
  return Math.round(value * 100) / 100;
}
