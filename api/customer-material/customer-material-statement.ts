import { z } from 'zod';
import { num } from '../../db/sql';
import { type SqlListSpec, sqlListQuery, when } from '../lists/sql-list';
import type { CustomerMaterialStatementRow } from './customer-material-schemas';
import { CUSTOMER_RETURN_DOCUMENT } from './customer-material-service';

/** A production order's moves' document type (activities/production/component-moves.ts PRODUCTION_DOCUMENT). */
const PRODUCTION_DOCUMENT = 'production-order';

/** Moves that use a customer's material up (consumed or scrapped in our orders), as opposed to returning it. */
const USING = `move_type in ('issue', 'production-issue', 'scrap') and document_type <> '${CUSTOMER_RETURN_DOCUMENT}'`;

/**
 * Per owner, item, lot and location: each of the owner's moves counted on the side it touches (a transfer out of one
 * place and into another), plus the balance held now, grouped once. The owner is a grouping key, so the customer
 * filter reaches the partial owner indexes of stock_move and stock_balance (Migration20261202172000). A component
 * given back by a cancelled production order (a `production-receipt`, still theirs) counts against `used`; per row,
 * `production` is what each production order consumed of it there (issued less given back), from the same index.
 */
const STATEMENT = `from (
  select f.owner_customer_id, f.item_id, f.lot_id, f.location_id,
         sum(f.received) as received, sum(f.transferred_in) as transferred_in,
         sum(f.transferred_out) as transferred_out, sum(f.used) as used, sum(f.returned) as returned,
         sum(f.held) as held, array_remove(array_agg(distinct f.used_in), null) as used_in
    from (
      select owner_customer_id, item_id, lot_id, to_location_id as location_id,
             case when move_type = 'receipt' then quantity else 0 end as received,
             case when move_type = 'transfer' then quantity else 0 end as transferred_in,
             0 as transferred_out,
             case when move_type = 'production-receipt' then -quantity else 0 end as used,
             0 as returned, 0 as held, null as used_in
        from stock_move where owner_customer_id is not null and to_location_id is not null
          and move_type in ('receipt', 'transfer', 'production-receipt')
          and from_location_id is distinct from to_location_id
      union all
      select owner_customer_id, item_id, lot_id, from_location_id,
             0, 0, case when move_type = 'transfer' then quantity else 0 end,
             case when ${USING} then quantity else 0 end,
             case when document_type = '${CUSTOMER_RETURN_DOCUMENT}' then quantity else 0 end,
             0, case when ${USING} then document_ref end
        from stock_move where owner_customer_id is not null and from_location_id is not null
          and from_location_id is distinct from to_location_id
      union all
      select owner_customer_id, item_id, lot_id, location_id, 0, 0, 0, 0, 0, quantity, null
        from stock_balance where owner_customer_id is not null
    ) f
   group by f.owner_customer_id, f.item_id, f.lot_id, f.location_id) t
  join customer c on c.id = t.owner_customer_id
  join item i on i.id = t.item_id
  join location l on l.id = t.location_id
  join warehouse w on w.id = l.warehouse_id
  left join lot on lot.id = t.lot_id
  left join lateral (
    select coalesce(jsonb_agg(jsonb_build_object('orderNumber', u.document_ref, 'quantity', u.quantity)
                              order by u.document_ref), '[]'::jsonb) as production
      from (select m.document_ref,
                   sum(case when m.move_type = 'production-issue' then m.quantity else -m.quantity end) as quantity
              from stock_move m
             where m.owner_customer_id = t.owner_customer_id and m.item_id = t.item_id
               and m.lot_id is not distinct from t.lot_id and m.document_type = '${PRODUCTION_DOCUMENT}'
               and ((m.move_type = 'production-issue' and m.from_location_id = t.location_id)
                 or (m.move_type = 'production-receipt' and m.to_location_id = t.location_id))
             group by m.document_ref) u
     where u.quantity <> 0) p on true`;

const SORTS = {
  customerCode: 'c.code',
  itemSku: 'i.sku',
  lotCode: 'lot.code',
  locationCode: 'l.code',
  received: 't.received',
  used: 't.used',
  returned: 't.returned',
  held: 't.held',
} as const;

export const customerMaterialStatementQuery = sqlListQuery(SORTS, {
  customer: z.string().trim().max(40).optional().describe("The customer's code; every customer's when left out"),
  itemSku: z.string().trim().max(40).optional().describe('Only this item (its exact SKU)'),
});
export type CustomerMaterialStatementQuery = z.infer<typeof customerMaterialStatementQuery>;

/** The lateral's JSON (orderNumber, quantity) as rows, numbers as numbers. */
function productionOf(value: unknown): CustomerMaterialStatementRow['consumedInProduction'] {
  const parsed: unknown = typeof value === 'string' ? JSON.parse(value) : value;
  if (!Array.isArray(parsed)) return [];
  return parsed.map((entry: { orderNumber: unknown; quantity: unknown }) => ({
    orderNumber: String(entry.orderNumber),
    quantity: num(entry.quantity),
  }));
}

/** A customer's statement as a list (one page, sort, streamed CSV): what we received, used, returned and hold. */
export const customerMaterialStatementList: SqlListSpec<CustomerMaterialStatementQuery, CustomerMaterialStatementRow> =
  {
    select: `c.code as customer_code, c.name as customer_name, i.sku, i.name as item_name, i.uom, lot.code as lot_code, l.code as location_code,
             w.code as warehouse_code, t.received, t.transferred_in, t.transferred_out, t.used, t.used_in,
             t.returned, t.held, p.production`,
    from: STATEMENT,
    sortFields: SORTS,
    defaultSort: 'customerCode',
    tieBreaker: 'c.code, i.sku, lot.code, l.code',
    searchFields: ['c.code', 'c.name', 'i.sku', 'i.name', 'lot.code', 'l.code'],
    where: (q) => [...when(q.customer, 'c.code = ?'), ...when(q.itemSku, 'i.sku = ?')],
    toRow: (r) => ({
      customerCode: String(r.customer_code),
      customerName: String(r.customer_name),
      itemSku: String(r.sku),
      itemName: String(r.item_name),
      uom: String(r.uom),
      lotCode: r.lot_code === null ? null : String(r.lot_code),
      locationCode: String(r.location_code),
      warehouseCode: String(r.warehouse_code),
      received: num(r.received),
      transferredIn: num(r.transferred_in),
      transferredOut: num(r.transferred_out),
      used: num(r.used),
      usedIn: Array.isArray(r.used_in) ? r.used_in.map(String).sort() : [],
      returned: num(r.returned),
      held: num(r.held),
      consumedInProduction: productionOf(r.production),
    }),
    csv: [
      { name: 'Customer', format: (r) => r.customerCode },
      { name: 'Item', format: (r) => r.itemSku },
      { name: 'Name', format: (r) => r.itemName },
      { name: 'Lot', format: (r) => r.lotCode },
      { name: 'Location', format: (r) => r.locationCode },
      { name: 'Received', format: (r) => r.received },
      { name: 'Moved in', format: (r) => r.transferredIn },
      { name: 'Moved out', format: (r) => r.transferredOut },
      { name: 'Used', format: (r) => r.used },
      { name: 'Used in', format: (r) => r.usedIn.join(' ') },
      {
        name: 'Consumed in production',
        format: (r) => r.consumedInProduction.map((u) => `${u.orderNumber}:${u.quantity}`).join(' '),
      },
      { name: 'Returned', format: (r) => r.returned },
      { name: 'Held', format: (r) => r.held },
      { name: 'Unit', format: (r) => r.uom },
    ],
  };
