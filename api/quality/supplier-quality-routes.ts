import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { MikroORM } from '@mikro-orm/postgresql';
import { z } from 'zod';
import { ANY_ROLE } from '../auth/auth-hook';
import { routeDocs } from '../openapi/route-docs';
import { inspectionLotListRoutes } from './inspection-lot-list';
import { supplierQualityQuerystring, supplierQualityReport, supplierQualityRow } from './supplier-quality-report';

/**
 * The quality console's reads (issue 16 part 4): the inspection lot list on the shared list routes
 * (`/quality/inspection-lots`, with CSV export) and the supplier quality report (`/quality/suppliers`).
 */
export function qualityConsoleRoutes(deps: { orm: MikroORM }): FastifyPluginAsyncZod {
  return async (app) => {
    await app.register(inspectionLotListRoutes(deps));
    app.get(
      '/quality/suppliers',
      {
        config: { roles: ANY_ROLE },
        schema: {
          tags: ['quality'],
          ...routeDocs({
            summary: 'Supplier quality report',
            description:
              'Per supplier with inspection lots: lots, judged, accepted, rejected, skipped, acceptance rate, the ' +
              'switching state of each item and the strictest of them, and lots judged per week. Reads only.',
            errors: [],
          }),
          querystring: supplierQualityQuerystring,
          response: { 200: z.object({ items: z.array(supplierQualityRow) }) },
        },
      },
      async (request) => ({ items: await supplierQualityReport(deps.orm.em.fork(), request.query) }),
    );
  };
}
