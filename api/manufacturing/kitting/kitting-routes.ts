import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { MikroORM } from '@mikro-orm/postgresql';
import { ANY_ROLE } from '../../auth/auth-hook';
import { routeDocs } from '../../openapi/route-docs';
import { kittingBody, kittingResponse } from './kitting-schemas';
import { analyseKitting } from './kitting-service';

/** `POST /api/manufacturing/kitting`: how many of each demand can be built now, and what is short. */
export function kittingRoutes(orm: MikroORM): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/kitting',
      {
        config: { roles: ANY_ROLE },
        schema: {
          tags: ['manufacturing'],
          ...routeDocs({
            summary: 'Kitting analysis of demands competing for stock',
            description:
              'Explodes each demand through the BOM versions in effect on the date (phantoms passed through to ' +
              'their components, stocked sub-assemblies counted as stock) and gives, in priority order, each ' +
              'component required / available / short, how many units can be built now, and the open purchase ' +
              'lines that will cover what is short. Free stock is as allocation sees it: available status, outside ' +
              'docks, virtual warehouses and bins under count, lots not expired. Changes nothing. Refuses an ' +
              'unknown item or one without a BOM in effect, naming demands[i].itemSku.',
            errors: ['UNKNOWN_ITEM'],
          }),
          body: kittingBody,
          response: { 200: kittingResponse },
        },
      },
      async (request) => analyseKitting(orm.em.fork(), request.body),
    );
  };
}
