import type { EntityManager } from '@mikro-orm/postgresql';
import type { ComponentRow } from '../../db/repositories/production-order-repository';
import { query } from '../../db/sql';
import { refuse } from './production-refusals';

/**
 * Refuses a kit pick whose place and lot hold none of the line's owner's available stock but another owner's (issue
 * 15): a customer's material picked for one of our lines (used as if it were ours), or our valued stock for a
 * customer-supplied line. Names the lot (the location for items without lots). Returns quietly otherwise: the posting
 * then takes the quantity from the owner's own balance, and refuses a shortfall itself.
 */
export async function refuseOtherOwner(
  em: EntityManager,
  component: ComponentRow,
  pick: { location: string; lotCode: string | null },
  index: number,
): Promise<void> {
  const held = await query<{ code: string | null; mine: boolean }>(
    em,
    `select c.code, coalesce(b.owner_customer_id, 0) = coalesce(?::int, 0) as mine
       from stock_balance b join location l on l.id = b.location_id left join lot on lot.id = b.lot_id
       left join customer c on c.id = b.owner_customer_id
      where b.item_id = ? and l.code = ? and coalesce(lot.code, '') = coalesce(?::text, '') and b.status = 'available'
        and b.quantity > 0
      order by b.id`,
    [component.ownerCustomerId, component.itemId, pick.location, pick.lotCode],
  );
  const other = held.find((row) => !row.mine);
  if (!other || held.some((row) => row.mine)) return;
  const whose = other.code === null ? 'ours' : `customer ${other.code}'s material`;
  const wanted =
    component.ownerCustomerCode === null ? 'our own stock' : `customer ${component.ownerCustomerCode}'s material`;
  refuse(
    'ISSUE_REFUSED',
    `Line ${component.lineNo} (${component.sku}) takes ${wanted}; the stock at ${pick.location}` +
      `${pick.lotCode === null ? '' : ` lot ${pick.lotCode}`} is ${whose}`,
    `picks[${index}].${pick.lotCode === null ? 'location' : 'lotCode'}`,
  );
}
