import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { MikroORM } from '@mikro-orm/postgresql';
import { ACCOUNTS } from '../../db/accounting/journal';
import { COMPANY_TIME_ZONE } from '../../db/accounting/periods';
import { num } from '../../db/sql';
import {
  csvResponse,
  type ExportColumn,
  listPage,
  sendCsvStream,
  type SqlListSpec,
  sqlListQuery,
} from '../lists/sql-list';
import { routeDocs } from '../openapi/route-docs';
import { pageOf } from '../pagination';
import { containing } from './report-list';

/**
 * Cost composition (成本构成, issue 17 reports): per production order — and per subcontract order, whose conversion is
 * the supplier's fee — what its goods cost: material, labour, overhead (applied at the work centres' rates plus the
 * period close's absorption shares), subcontract fee, total, completed quantity and unit cost; or the same rolled up
 * per product (`by=product`). Read from `production_cost` (material, backflush, return and revaluations are material;
 * labour; overhead and absorption are overhead), `production_report` completions, and subcontract deliveries (fee
 * accrued, quantity received, and their journal entries' finished value less the fee as material). `from`/`to` (local
 * dates, inclusive) bound the costs and completions counted; orders with nothing in the range are left out.
 */
const ROLES = ['controller', 'auditor', 'admin', 'planner'] as const;

const isoDate = z
  .string()
  .regex(/^(?!0000)\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'must be a date YYYY-MM-DD')
  // A day the month has (2026-02-31 is refused here, not by PostgreSQL): the dates are inlined into the SQL.
  .refine((day) => {
    const date = new Date(`${day}T00:00:00Z`);
    return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(day);
  }, 'must be a day of the calendar');

const SORTS = {
  orderNumber: 'c.order_number',
  orderType: 'c.order_type',
  itemSku: 'c.item_sku',
  itemName: 'c.item_name',
  status: 'c.status',
  material: 'c.material',
  labour: 'c.labour',
  overhead: 'c.overhead',
  subcontractFee: 'c.subcontract_fee',
  total: 'c.total',
  completedQuantity: 'c.completed_quantity',
  unitCost: 'c.unit_cost',
} as const;

export const costCompositionQuery = sqlListQuery(SORTS, {
  from: isoDate.optional().describe('Costs and completions on or after this local date'),
  to: isoDate.optional().describe('Costs and completions on or before this local date'),
  item: z.string().trim().max(40).optional().describe('Products whose SKU contains this text'),
  by: z.enum(['order', 'product']).default('order').describe('One row per order (default) or per product'),
  orderType: z.enum(['production', 'subcontract']).optional().describe('Only production or only subcontract orders'),
});
type Query = z.infer<typeof costCompositionQuery>;

export const costCompositionRow = z.object({
  orderNumber: z.string().nullable().describe('Null on a per-product row'),
  orderType: z.string().nullable(),
  orders: z.number().int(),
  itemSku: z.string(),
  itemName: z.string(),
  status: z.string().nullable(),
  material: z.number(),
  labour: z.number(),
  overhead: z.number(),
  subcontractFee: z.number(),
  total: z.number(),
  completedQuantity: z.number(),
  unitCost: z.number().nullable().describe('total / completed quantity; null when nothing was completed'),
});
type Row = z.infer<typeof costCompositionRow>;

const CSV: ReadonlyArray<ExportColumn<Row>> = [
  { name: 'Order', format: (r) => r.orderNumber },
  { name: 'Type', format: (r) => r.orderType },
  { name: 'Orders', format: (r) => r.orders },
  { name: 'Item', format: (r) => r.itemSku },
  { name: 'Name', format: (r) => r.itemName },
  { name: 'Status', format: (r) => r.status },
  { name: 'Material', format: (r) => r.material.toFixed(2) },
  { name: 'Labour', format: (r) => r.labour.toFixed(2) },
  { name: 'Overhead', format: (r) => r.overhead.toFixed(2) },
  { name: 'Subcontract fee', format: (r) => r.subcontractFee.toFixed(2) },
  { name: 'Total', format: (r) => r.total.toFixed(2) },
  { name: 'Completed quantity', format: (r) => r.completedQuantity },
  { name: 'Unit cost', format: (r) => (r.unitCost === null ? '' : r.unitCost.toFixed(4)) },
];

/** `column` within the (schema-validated, so safe to inline) local dates. */
function inRange(column: string, q: Query): string {
  const day = `(${column} at time zone ${COMPANY_TIME_ZONE})::date`;
  return [q.from ? `${day} >= date '${q.from}'` : 'true', q.to ? `${day} <= date '${q.to}'` : 'true'].join(' and ');
}

const MATERIAL_KINDS = `('material', 'backflush', 'return', 'material-revaluation', 'late-revaluation')`;

/** Per order: the production orders' and the subcontract orders' cost elements in the range. */
function perOrder(q: Query): string {
  return `
    select 'production' as order_type, po.number as order_number, i.sku as item_sku, i.name as item_name,
           po.status, pc.material, pc.labour, pc.overhead, 0::numeric as subcontract_fee, pr.completed as completed_quantity
      from production_order po join item i on i.id = po.item_id
      join lateral (select coalesce(sum(amount) filter (where kind in ${MATERIAL_KINDS}), 0) as material,
                           coalesce(sum(amount) filter (where kind = 'labour'), 0) as labour,
                           coalesce(sum(amount) filter (where kind in ('overhead', 'absorption')), 0) as overhead,
                           count(*) filter (where kind <> 'completion') as n
                      from production_cost where production_order_id = po.id and ${inRange('effective_at', q)}) pc on true
      join lateral (select coalesce(sum(good_quantity), 0) as completed from production_report
                     where production_order_id = po.id and kind = 'completion' and ${inRange('reported_at', q)}) pr on true
     where pc.n > 0 or pr.completed > 0
    union all
    select 'subcontract', so.order_number, i.sku, i.name, so.status,
           case when d.finished > 0 then round((fin.value - d.fee_gross) * d.quantity / d.finished, 2) else 0 end,
           0, 0, d.fee, d.quantity
      from subcontract_order so join item i on i.id = so.item_id
      -- What the quality gate sent back is not the order's cost: its fee was reversed and its units are at the
      -- supplier again (the components' share of it taken out pro rata; a re-delivery brings it back in).
      join lateral (select coalesce(sum(fee_accrued), 0) as fee_gross, coalesce(sum(fee_accrued - fee_reversed), 0) as fee,
                           coalesce(sum(finished_quantity), 0) as finished,
                           coalesce(sum(finished_quantity - rejected_quantity), 0) as quantity, count(*) as n
                      from subcontract_delivery where order_id = so.id and ${inRange('received_at', q)}) d on true
      join lateral (select coalesce(sum(jl.debit), 0) as value
                      from journal_entry je join journal_line jl on jl.entry_id = je.id and jl.account_code = '${ACCOUNTS.inventory}'
                     where je.source_type = 'subcontract-order' and je.source_ref = so.order_number
                       and je.idempotency_key like 'subcontract:%:entry' and ${inRange('je.entry_date', q)}) fin on true
     where d.n > 0`;
}

function spec(q: Query): SqlListSpec<Query, Row> {
  const orders = `select o.*, o.material + o.labour + o.overhead + o.subcontract_fee as total from (${perOrder(q)}) o`;
  const grouped =
    q.by === 'product'
      ? `select null::text as order_number, null::text as order_type, count(*) as orders, item_sku, item_name,
                null::text as status, sum(material) as material, sum(labour) as labour, sum(overhead) as overhead,
                sum(subcontract_fee) as subcontract_fee, sum(total) as total, sum(completed_quantity) as completed_quantity
           from (${orders}) x ${q.orderType ? `where order_type = '${q.orderType}'` : ''} group by item_sku, item_name`
      : `select x.*, 1 as orders from (${orders}) x ${q.orderType ? `where order_type = '${q.orderType}'` : ''}`;
  return {
    select: 'c.*',
    from: `from (select g.*, case when g.completed_quantity > 0 then g.total / g.completed_quantity end as unit_cost
                   from (${grouped}) g) c`,
    sortFields: SORTS,
    defaultSort: q.by === 'product' ? 'itemSku' : 'orderNumber',
    tieBreaker: q.by === 'product' ? 'c.item_sku' : 'c.order_type, c.order_number',
    searchFields: q.by === 'product' ? ['c.item_sku', 'c.item_name'] : ['c.order_number', 'c.item_sku', 'c.item_name'],
    where: (query) => containing(query.item, 'c.item_sku'),
    toRow: (r) => ({
      orderNumber: r.order_number === null ? null : String(r.order_number),
      orderType: r.order_type === null ? null : String(r.order_type),
      orders: num(r.orders),
      itemSku: String(r.item_sku),
      itemName: String(r.item_name),
      status: r.status === null ? null : String(r.status),
      material: num(r.material),
      labour: num(r.labour),
      overhead: num(r.overhead),
      subcontractFee: num(r.subcontract_fee),
      total: num(r.total),
      completedQuantity: num(r.completed_quantity),
      unitCost: r.unit_cost === null ? null : Math.round(num(r.unit_cost) * 10000) / 10000,
    }),
    csv: CSV,
  };
}

const FILTERS =
  'from/to (local dates bounding the costs counted), item (SKU contains), orderType, by=order|product, searched by ' +
  'order number, SKU or name, sorted by any column';

/** `GET /cost-composition` (one page) and `GET /cost-composition/export.csv` (every row the filters select). */
export function costCompositionRoutes(orm: MikroORM): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/cost-composition',
      {
        config: { roles: ROLES },
        schema: {
          ...routeDocs({
            summary: 'Cost composition per order or product (成本构成)',
            description: `Material, labour, overhead (applied and absorbed at the close), subcontract fee, total, completed quantity and unit cost, ${FILTERS}. Reads only.`,
          }),
          tags: ['reports'],
          querystring: costCompositionQuery,
          response: { 200: pageOf(costCompositionRow) },
        },
      },
      async (request) => listPage(orm.em.fork(), spec(request.query), request.query),
    );

    app.get(
      '/cost-composition/export.csv',
      {
        config: { roles: ROLES },
        schema: {
          ...routeDocs({
            summary: 'Export cost composition as CSV',
            description: `Every row the list's filters select (${FILTERS}), all pages. Reads only.`,
          }),
          tags: ['reports'],
          querystring: costCompositionQuery,
          produces: ['text/csv'],
          response: csvResponse,
        },
      },
      async (request, reply) =>
        sendCsvStream(reply, orm.em.fork(), spec(request.query), request.query, 'cost-composition.csv'),
    );
  };
}
