import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { MikroORM } from '@mikro-orm/postgresql';
import { findLedgerItem } from '../../db/repositories/ledger-report-repository';
import { ANY_ROLE } from '../auth/auth-hook';
import { ApiError } from '../errors';
import { csvResponse, listPage, sendCsvStream } from '../lists/sql-list';
import { routeDocs } from '../openapi/route-docs';
import { itemLedgerList, itemLedgerQuery, itemPosition } from './item-ledger-list';
import { inSnapshot } from './report-list';
import { itemLedgerReport, slowMovingReport, stockAgingReport, stockOnHandReport } from './report-schemas';
import { slowMovingList, slowMovingPage, slowMovingQuery } from './slow-moving-list';
import { stockAgingList, stockAgingPage, stockAgingQuery } from './stock-aging-list';
import { stockOnHandList, stockOnHandPage, stockOnHandQuery } from './stock-on-hand-list';

const readable = { roles: ANY_ROLE };
const SORTED = 'sorted by any column (`sort=field|-field`; an unknown field is refused naming `sort`)';

async function ledgerItem(orm: MikroORM, sku: string) {
  const item = await findLedgerItem(orm.em.fork(), sku);
  if (!item) throw new ApiError('UNKNOWN_ITEM', `No item ${sku}`, 'itemSku');
  return item;
}

/**
 * Stock on hand, the item ledger, stock aging and slow-moving stock on the console's shared list: each a page (`GET /<report>`, the
 * report's figures over the whole filter beside it) and its CSV (`GET /<report>/export.csv`, every page the
 * filters select, streamed a chunk at a time from one snapshot).
 */
export function stockListRoutes(orm: MikroORM): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/stock-on-hand',
      {
        config: readable,
        schema: {
          ...routeDocs({
            summary: 'Stock on hand',
            description:
              'Quantities and values by item, warehouse, location, lot and status, filtered by item, warehouse, ' +
              `location, lot and status, searched by SKU, name, location or lot, ${SORTED}; the totals are over the ` +
              'whole filter, read in the same snapshot. The unit value is the item average of its valuation scope. ' +
              'Reads only.',
          }),
          tags: ['reports'],
          querystring: stockOnHandQuery,
          response: { 200: stockOnHandReport },
        },
      },
      async (request) => inSnapshot(orm, (em) => stockOnHandPage(em, request.query)),
    );

    app.get(
      '/stock-on-hand/export.csv',
      {
        config: readable,
        schema: {
          ...routeDocs({
            summary: 'Export stock on hand as CSV',
            description: 'Every stock row the list selects (filters, search, sort), all pages. Reads only.',
          }),
          tags: ['reports'],
          querystring: stockOnHandQuery,
          produces: ['text/csv'],
          response: csvResponse,
        },
      },
      async (request, reply) =>
        sendCsvStream(reply, orm.em.fork(), stockOnHandList, request.query, 'stock-on-hand.csv'),
    );

    app.get(
      '/item-ledger',
      {
        config: readable,
        schema: {
          ...routeDocs({
            summary: 'Item ledger',
            description:
              "An item's stock moves with the running quantity and value after each (over the item's whole history, " +
              `whatever the filter), filtered by move type and lot, searched by document, lot or location, ${SORTED} ` +
              '(effective order by default). Reads only.',
            errors: ['UNKNOWN_ITEM'],
          }),
          tags: ['reports'],
          querystring: itemLedgerQuery,
          response: { 200: itemLedgerReport },
        },
      },
      async (request) => {
        const item = await ledgerItem(orm, request.query.itemSku);
        return inSnapshot(orm, async (em) => {
          const page = await listPage(em, itemLedgerList, { ...request.query, itemId: item.id });
          const itemInfo = { sku: item.sku, name: item.name, uom: item.uom, valuationMethod: item.valuationMethod };
          return { ...page, ...(await itemPosition(em, item.id)), item: itemInfo };
        });
      },
    );

    app.get(
      '/item-ledger/export.csv',
      {
        config: readable,
        schema: {
          ...routeDocs({
            summary: 'Export an item ledger as CSV',
            description:
              "Every move of the item's ledger the list selects (filters, search, sort), all pages. Reads only.",
            errors: ['UNKNOWN_ITEM'],
          }),
          tags: ['reports'],
          querystring: itemLedgerQuery,
          produces: ['text/csv'],
          response: csvResponse,
        },
      },
      async (request, reply) => {
        const item = await ledgerItem(orm, request.query.itemSku);
        const fileName = `item-ledger-${item.sku.replace(/[^\w.-]/g, '_')}.csv`;
        return sendCsvStream(reply, orm.em.fork(), itemLedgerList, { ...request.query, itemId: item.id }, fileName);
      },
    );

    app.get(
      '/stock-aging',
      {
        config: readable,
        schema: {
          ...routeDocs({
            summary: 'Stock aging',
            description:
              'Lots in stock by age since receipt, filtered by age bucket, item and lot, searched by SKU, name or ' +
              `lot, ${SORTED}; every bucket's lots and value under the same search beside the page. Reads only.`,
          }),
          tags: ['reports'],
          querystring: stockAgingQuery,
          response: { 200: stockAgingReport },
        },
      },
      async (request) => inSnapshot(orm, (em) => stockAgingPage(em, request.query)),
    );

    app.get(
      '/stock-aging/export.csv',
      {
        config: readable,
        schema: {
          ...routeDocs({
            summary: 'Export stock aging as CSV',
            description: 'Every aged lot the list selects (filters, search, sort), all pages. Reads only.',
          }),
          tags: ['reports'],
          querystring: stockAgingQuery,
          produces: ['text/csv'],
          response: csvResponse,
        },
      },
      async (request, reply) => sendCsvStream(reply, orm.em.fork(), stockAgingList, request.query, 'stock-aging.csv'),
    );

    app.get(
      '/slow-moving',
      {
        config: readable,
        schema: {
          ...routeDocs({
            summary: 'Slow-moving stock',
            description:
              'Items with stock on hand and no outgoing move (shipment, issue, scrap) within `days` days (never-moved ' +
              `first by default), filtered by item, searched by SKU or name, ${SORTED}; the value total is over the ` +
              'whole filter. Reads only.',
          }),
          tags: ['reports'],
          querystring: slowMovingQuery,
          response: { 200: slowMovingReport },
        },
      },
      async (request) => inSnapshot(orm, (em) => slowMovingPage(em, request.query)),
    );

    app.get(
      '/slow-moving/export.csv',
      {
        config: readable,
        schema: {
          ...routeDocs({
            summary: 'Export slow-moving stock as CSV',
            description: 'Every slow mover the list selects (days, filters, search, sort), all pages. Reads only.',
          }),
          tags: ['reports'],
          querystring: slowMovingQuery,
          produces: ['text/csv'],
          response: csvResponse,
        },
      },
      async (request, reply) => sendCsvStream(reply, orm.em.fork(), slowMovingList, request.query, 'slow-moving.csv'),
    );
  };
}
