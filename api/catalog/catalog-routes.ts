import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { MikroORM } from '@mikro-orm/postgresql';
import { num, query } from '../../db/sql';
import { ANY_ROLE } from '../auth/auth-hook';
import { csvTransferRoutes, masterDataRoutes } from '../master-data';
import { itemResource } from './items/item-resource';
import { itemSupplierRoutes } from './items/item-supplier-routes';
import { itemSupplierTransfer } from './items/item-supplier-csv';
import { customerResource } from './partners/customer-resource';
import { supplierResource } from './partners/supplier-resource';
import { routeDocs } from '../openapi/route-docs';

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

/** Master data (items and their suppliers, customers, suppliers: entity-based, see api/master-data) and stock. */
export function catalogRoutes(orm: MikroORM): FastifyPluginAsyncZod {
  return async (app) => {
    await app.register(masterDataRoutes(orm, itemResource), { prefix: '/items' });
    await app.register(itemSupplierRoutes(orm), { prefix: '/items' });
    await app.register(csvTransferRoutes(orm, itemSupplierTransfer), { prefix: '/item-suppliers' });
    await app.register(masterDataRoutes(orm, customerResource), { prefix: '/customers' });
    await app.register(masterDataRoutes(orm, supplierResource), { prefix: '/suppliers' });

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
