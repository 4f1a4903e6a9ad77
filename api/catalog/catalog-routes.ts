import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { MikroORM } from '@mikro-orm/postgresql';
import { num, query } from '../../db/sql';
import { ANY_ROLE } from '../auth/auth-hook';
import { offsetOf, pageOf, pageQuery } from '../pagination';
import { routeDocs } from '../openapi/route-docs';

const customerSchema = z.object({ code: z.string(), name: z.string(), minShelfLifeDays: z.number() });
const itemSchema = z.object({
  sku: z.string(),
  name: z.string(),
  uom: z.string(),
  category: z.string(),
  lotTracked: z.boolean(),
  shelfLifeDays: z.number().nullable(),
  available: z.number(),
});
const stockSchema = z.object({
  itemSku: z.string(),
  warehouseCode: z.string(),
  locationCode: z.string(),
  lotCode: z.string().nullable(),
  expiryDate: z.string().nullable(),
  status: z.string(),
  quantity: z.number(),
  reservedQuantity: z.number(),
});

/** Read-only master data and stock for the console's forms and lists. */
export function catalogRoutes(orm: MikroORM): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/customers',
      {
        config: { roles: ANY_ROLE },
        schema: {
          ...routeDocs({
            summary: 'List customers (for forms)',
            description: 'Every customer with its code, name and minimum remaining shelf life, by name. Reads only.',
          }),
          tags: ['catalog'],
          response: { 200: z.object({ items: z.array(customerSchema) }) },
        },
      },
      async () => {
        const rows = await query<Record<string, unknown>>(
          orm.em.fork(),
          'select code, name, min_shelf_life_days from customer order by name',
        );
        return {
          items: rows.map((r) => ({
            code: String(r.code),
            name: String(r.name),
            minShelfLifeDays: num(r.min_shelf_life_days),
          })),
        };
      },
    );

    app.get(
      '/items',
      {
        config: { roles: ANY_ROLE },
        schema: {
          ...routeDocs({
            summary: 'Search items (for forms)',
            description:
              'Items whose SKU or name contains `search`, by SKU, with their available quantity. Reads only.',
          }),
          tags: ['catalog'],
          querystring: pageQuery.extend({ search: z.string().max(100).optional() }),
          response: { 200: pageOf(itemSchema) },
        },
      },
      async (request) => {
        const { page, pageSize, search } = request.query;
        const pattern = `%${(search ?? '').replace(/[%_]/g, '\\$&')}%`;
        const em = orm.em.fork();
        const rows = await query<Record<string, unknown>>(
          em,
          `select i.sku, i.name, i.uom, i.category, i.lot_tracked, i.shelf_life_days,
                  coalesce((select sum(b.quantity - b.reserved_quantity) from stock_balance b
                             where b.item_id = i.id and b.status = 'available'), 0) as available
             from item i where i.sku ilike ? or i.name ilike ? order by i.sku limit ? offset ?`,
          [pattern, pattern, pageSize, offsetOf(page, pageSize)],
        );
        const [count] = await query<{ n: string }>(
          em,
          'select count(*) as n from item where sku ilike ? or name ilike ?',
          [pattern, pattern],
        );
        return {
          items: rows.map((r) => ({
            sku: String(r.sku),
            name: String(r.name),
            uom: String(r.uom),
            category: String(r.category),
            lotTracked: Boolean(r.lot_tracked),
            shelfLifeDays: r.shelf_life_days === null ? null : num(r.shelf_life_days),
            available: num(r.available),
          })),
          total: num(count?.n ?? 0),
          page,
          pageSize,
        };
      },
    );

    app.get(
      '/stock',
      {
        config: { roles: ANY_ROLE },
        schema: {
          ...routeDocs({
            summary: 'Stock of an item',
            description:
              'Every non-zero balance of the item by warehouse, location, lot and status, with what is reserved. An ' +
              'unknown SKU answers an empty list. Reads only.',
          }),
          tags: ['catalog'],
          querystring: z.object({ itemSku: z.string().min(1).max(40) }),
          response: { 200: z.object({ items: z.array(stockSchema) }) },
        },
      },
      async (request) => {
        const rows = await query<Record<string, unknown>>(
          orm.em.fork(),
          `select i.sku, w.code as warehouse_code, l.code as location_code, lot.code as lot_code,
                  to_char(lot.expires_on, 'YYYY-MM-DD') as expiry_date, b.status, b.quantity, b.reserved_quantity
             from stock_balance b join item i on i.id = b.item_id join location l on l.id = b.location_id
             join warehouse w on w.id = l.warehouse_id left join lot on lot.id = b.lot_id
            where i.sku = ? and b.quantity <> 0 order by w.code, l.pick_sequence, lot.code`,
          [request.query.itemSku],
        );
        return {
          items: rows.map((r) => ({
            itemSku: String(r.sku),
            warehouseCode: String(r.warehouse_code),
            locationCode: String(r.location_code),
            lotCode: r.lot_code === null ? null : String(r.lot_code),
            expiryDate: r.expiry_date === null ? null : String(r.expiry_date),
            status: String(r.status),
            quantity: num(r.quantity),
            reservedQuantity: num(r.reserved_quantity),
          })),
        };
      },
    );
  };
}
