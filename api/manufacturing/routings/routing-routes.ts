import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { MikroORM } from '@mikro-orm/postgresql';
import { z } from 'zod';
import { ANY_ROLE, currentUser } from '../../auth/auth-hook';
import { routeDocs } from '../../openapi/route-docs';
import { todayUtc } from '../work-centres/work-centre-rates';
import { createRoutingSchema, effectiveQuery, routingRecordSchema, skuParams, versionParams } from './routing-schemas';
import {
  createRouting,
  effectiveRouting,
  mustFindItem,
  routingVersion,
  routingVersions,
  toRoutingRecord,
} from './routing-service';

const tags = ['manufacturing'];
const read = { roles: ANY_ROLE };

/**
 * Routings of an item, registered under /api/items: GET/POST /:sku/routings, GET /:sku/routings/:version and the
 * version effective on a date, GET /:sku/routing?date=. Versions are immutable; a change is a new version.
 */
export function routingRoutes(orm: MikroORM): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/:sku/routings',
      {
        config: read,
        schema: {
          tags,
          ...routeDocs({
            summary: "An item's routing versions",
            description: 'Every routing version of the item with its operations, newest first. Reads only.',
            errors: ['NOT_FOUND'],
          }),
          params: skuParams,
          response: { 200: z.object({ items: z.array(routingRecordSchema) }) },
        },
      },
      async (request) => {
        const em = orm.em.fork();
        const item = await mustFindItem(em, request.params.sku);
        return { items: (await routingVersions(em, item)).map(toRoutingRecord) };
      },
    );

    app.get(
      '/:sku/routings/:version',
      {
        config: read,
        schema: {
          tags,
          ...routeDocs({
            summary: 'One routing version',
            description: 'The routing version of the item with its operations in sequence. Reads only.',
            errors: ['NOT_FOUND', 'ROUTING_NOT_FOUND'],
          }),
          params: versionParams,
          response: { 200: routingRecordSchema },
        },
      },
      async (request) => {
        const em = orm.em.fork();
        const item = await mustFindItem(em, request.params.sku);
        return toRoutingRecord(await routingVersion(em, item, request.params.version));
      },
    );

    app.get(
      '/:sku/routing',
      {
        config: read,
        schema: {
          tags,
          ...routeDocs({
            summary: 'The routing effective on a date',
            description:
              'The version with the greatest effectiveFrom on or before the date (ties: the higher version); ' +
              '404 ROUTING_NOT_FOUND when none is effective yet. Reads only.',
            errors: ['NOT_FOUND', 'ROUTING_NOT_FOUND'],
          }),
          params: skuParams,
          querystring: effectiveQuery,
          response: { 200: routingRecordSchema },
        },
      },
      async (request) => {
        const em = orm.em.fork();
        const item = await mustFindItem(em, request.params.sku);
        return toRoutingRecord(await effectiveRouting(em, item, request.query.date ?? todayUtc()));
      },
    );

    app.post(
      '/:sku/routings',
      {
        config: { roles: ['admin'] },
        schema: {
          tags,
          ...routeDocs({
            summary: 'Add a routing version',
            description:
              "Creates the item's next routing version (1, 2, ...; audited with the user); earlier versions never " +
              'change. Refused, nothing written: a repeated seq or a negative hour (400 naming operations[i]), an ' +
              'unknown work centre (400 UNKNOWN_WORK_CENTRE) or a deactivated one (409 RECORD_INACTIVE), both ' +
              'naming operations[i].workCentreCode.',
            errors: ['NOT_FOUND', 'UNKNOWN_WORK_CENTRE', 'RECORD_INACTIVE'],
          }),
          params: skuParams,
          body: createRoutingSchema,
          response: { 201: routingRecordSchema },
        },
      },
      async (request, reply) => {
        const actor = currentUser(request).username;
        const record = await orm.em.fork().transactional(async (em) => {
          const item = await mustFindItem(em, request.params.sku, true);
          const routing = await createRouting(em, item, request.body, actor);
          await em.flush();
          return toRoutingRecord(routing);
        });
        return reply.status(201).send(record);
      },
    );
  };
}
