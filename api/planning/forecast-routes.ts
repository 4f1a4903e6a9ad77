import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { MikroORM } from '@mikro-orm/postgresql';
import { z } from 'zod';
import type { Role } from '../../db/entities';
import { currentUser } from '../auth/auth-hook';
import { listEnvelope } from '../master-data/list';
import { sendCsv } from '../master-data/csv-endpoints';
import { routeDocs } from '../openapi/route-docs';
import {
  forecastCreateBody,
  forecastIdParams,
  forecastListQuery,
  forecastPatchBody,
  forecastRecord,
  type ForecastRecord,
} from './forecast-schemas';
import {
  allForecasts,
  createForecast,
  deleteForecast,
  listForecasts,
  mustFindForecast,
  toForecastRecord,
  updateForecast,
} from './forecast-service';

/** Planners keep forecasts (admins too); supervisors and auditors read them. */
const READERS: readonly Role[] = ['planner', 'supervisor', 'admin', 'auditor'];
const WRITERS: readonly Role[] = ['planner', 'admin'];
const tags = ['planning'];

const CSV_COLUMNS = (
  ['id', 'itemSku', 'itemName', 'forecastDate', 'quantity', 'note', 'createdBy', 'createdAt'] as const
).map((name) => ({ name, format: (record: ForecastRecord) => (record[name] === null ? '' : String(record[name])) }));

/**
 * Forecasts (registered under `/api/forecasts`): expected demand by item and day, which the MRP run reads beside
 * the sales orders (in a bucket the larger of the two counts). List with CSV export, create, change, delete.
 */
export function forecastRoutes(orm: MikroORM): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/',
      {
        config: { roles: READERS },
        schema: {
          tags,
          ...routeDocs({
            summary: 'List forecasts',
            description:
              'One page of forecasts, by day then id unless sorted otherwise: search `q` (sku, item name, note), ' +
              '`sort` by a listed field (`-` for descending), filtered by item (`itemSku`) and days (`from`, `to`). ' +
              'Reads only.',
          }),
          querystring: forecastListQuery,
          response: { 200: listEnvelope(forecastRecord) },
        },
      },
      async (request) => listForecasts(orm.em.fork(), request.query),
    );

    app.get(
      '/export.csv',
      {
        config: { roles: READERS },
        schema: {
          tags,
          ...routeDocs({
            summary: 'Export forecasts as CSV',
            description: 'Every forecast the same filters as the list select, no paging, in list order. Reads only.',
          }),
          querystring: forecastListQuery,
          produces: ['text/csv'],
          response: { 200: z.string().describe('CSV text, CRLF line ends') },
        },
      },
      async (request, reply) =>
        sendCsv(reply, 'forecasts.csv', CSV_COLUMNS, await allForecasts(orm.em.fork(), request.query)),
    );

    app.get(
      '/:id',
      {
        config: { roles: READERS },
        schema: {
          tags,
          ...routeDocs({
            summary: 'One forecast',
            description: 'The forecast with this id. 404 naming id. Reads only.',
            errors: ['NOT_FOUND'],
          }),
          params: forecastIdParams,
          response: { 200: forecastRecord },
        },
      },
      async (request) => toForecastRecord(await mustFindForecast(orm.em.fork(), request.params.id)),
    );

    app.post(
      '/',
      {
        config: { roles: WRITERS },
        schema: {
          tags,
          ...routeDocs({
            summary: 'Record a forecast',
            description:
              'Expected demand of an item on a day (audited with the user); the next MRP run plans for it. Refused: ' +
              'every invalid field listed (400), an unknown item (400 naming itemSku), a deactivated one (409), a ' +
              'second forecast of the item on the same day (409 DUPLICATE naming forecastDate).',
            errors: ['UNKNOWN_ITEM', 'RECORD_INACTIVE', 'DUPLICATE'],
          }),
          body: forecastCreateBody,
          response: { 201: forecastRecord },
        },
      },
      async (request, reply) => {
        const actor = currentUser(request).username;
        const forecast = await orm.em.fork().transactional((em) => createForecast(em, request.body, actor));
        return reply.status(201).send(toForecastRecord(forecast));
      },
    );

    app.patch(
      '/:id',
      {
        config: { roles: WRITERS },
        schema: {
          tags,
          ...routeDocs({
            summary: 'Change a forecast',
            description:
              'Changes the quantity or the note (audited with the user, field by field); the item and the day are ' +
              'the forecast itself: delete it and record another to move it. 404 naming id.',
            errors: ['NOT_FOUND'],
          }),
          params: forecastIdParams,
          body: forecastPatchBody,
          response: { 200: forecastRecord },
        },
      },
      async (request) => {
        const actor = currentUser(request).username;
        return orm.em.fork().transactional(async (em) => {
          const forecast = await mustFindForecast(em, request.params.id);
          await updateForecast(em, forecast, request.body, actor);
          return toForecastRecord(forecast);
        });
      },
    );

    app.delete(
      '/:id',
      {
        config: { roles: WRITERS },
        schema: {
          tags,
          ...routeDocs({
            summary: 'Delete a forecast',
            description:
              'Withdraws the expected demand (audited with what it said); runs already calculated keep it in their ' +
              'snapshot. 404 naming id.',
            errors: ['NOT_FOUND'],
          }),
          params: forecastIdParams,
          response: { 204: z.null().describe('Deleted') },
        },
      },
      async (request, reply) => {
        const actor = currentUser(request).username;
        await orm.em.fork().transactional(async (em) => {
          await deleteForecast(em, await mustFindForecast(em, request.params.id), actor);
        });
        // Sent as undefined, not null: no body and no JSON content type, as a 204 promises.
        return reply.status(204).send(undefined as unknown as null);
      },
    );
  };
}
