import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { MikroORM } from '@mikro-orm/postgresql';
import { csvTransferRoutes, masterDataRoutes } from '../master-data';
import { locationResource } from './location-resource';
import { warehouseResource } from './warehouse-resource';
import { zoneRoutes } from './zone-routes';
import { zoneTransfer } from './zone-csv';

/** Warehouses -> zones -> locations: `/api/warehouses`, `/api/warehouses/:code/zones`, `/api/locations`. */
export function warehouseRoutes(orm: MikroORM): FastifyPluginAsyncZod {
  return async (app) => {
    await app.register(masterDataRoutes(orm, warehouseResource), { prefix: '/warehouses' });
    await app.register(zoneRoutes(orm), { prefix: '/warehouses' });
    await app.register(csvTransferRoutes(orm, zoneTransfer), { prefix: '/zones' });
    await app.register(masterDataRoutes(orm, locationResource), { prefix: '/locations' });
  };
}
