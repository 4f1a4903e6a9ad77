import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { type EntityManager, IsolationLevel, type MikroORM } from '@mikro-orm/postgresql';
import { inventoryValuation } from '../../db/repositories/books-report-repository';
import { trialBalance } from '../../db/repositories/trial-balance-repository';
import { listWarehouses } from '../../db/repositories/stock-report-repository';
import { ANY_ROLE } from '../auth/auth-hook';
import { csvResponse, EXPORT_CHUNK } from '../lists/sql-list';
import { offsetOf } from '../pagination';
import { type ReportCsvColumn, sendReportCsv } from './report-csv';
import { stockListRoutes } from './stock-list-routes';
import { trialBalanceListRoutes } from './trial-balance-list';
import { closingTrialBalanceRoutes } from './closing-trial-balance-routes';
import { costCompositionRoutes } from './cost-composition-list';
import { trialBalanceRange } from './trial-balance-range';
import {
  inventoryValuationQuery,
  inventoryValuationReport,
  trialBalanceQuery,
  trialBalanceReport,
  warehouseSchema,
} from './report-schemas';
import { routeDocs } from '../openapi/route-docs';

/** Each report reads one snapshot, so a page and its totals agree even while postings continue. */
function inSnapshot<T>(orm: MikroORM, read: (em: EntityManager) => Promise<T>): Promise<T> {
  return orm.em.fork().transactional(read, { isolationLevel: IsolationLevel.REPEATABLE_READ, readOnly: true });
}

const readable = { roles: ANY_ROLE };

type ValuationRow = z.infer<typeof inventoryValuationReport>['items'][number];

const VALUATION_CSV: ReadonlyArray<ReportCsvColumn<ValuationRow>> = [
  ['Item', (r) => r.itemSku],
  ['Name', (r) => r.itemName],
  ['Method', (r) => r.method],
  ['Per warehouse', (r) => (r.valuedPerWarehouse ? 'yes' : 'no')],
  ['Quantity', (r) => r.quantity],
  ['Unit', (r) => r.uom],
  ['Unit value', (r) => r.unitValue],
  ['Value', (r) => r.value.toFixed(2)],
];

/** Read-only stock and books reports: every role may read them. */
export function reportRoutes(orm: MikroORM): FastifyPluginAsyncZod {
  return async (app) => {
    await app.register(trialBalanceListRoutes(orm));
    await app.register(closingTrialBalanceRoutes(orm));
    await app.register(costCompositionRoutes(orm));
    await app.register(stockListRoutes(orm));

    app.get(
      '/warehouses',
      {
        config: readable,
        schema: {
          ...routeDocs({
            summary: 'Warehouses (report filter)',
            description: 'The warehouses the stock reports can be filtered by. Reads only.',
          }),
          tags: ['reports'],
          response: { 200: z.object({ items: z.array(warehouseSchema) }) },
        },
      },
      async () => ({ items: await listWarehouses(orm.em.fork()) }),
    );

    app.get(
      '/trial-balance',
      {
        config: readable,
        schema: {
          tags: ['reports'],
          ...routeDocs({
            summary: 'Trial balance, cumulative or for a period',
            description:
              'Per account: opening, debit and credit movement, closing, with type and normal side. ' +
              'basis=cumulative (default): balances as of asOf or the end of period, movement the fiscal year to ' +
              'date; basis=period: the movement from..to or of the month period. Dates are local to the company ' +
              'time zone; the response names its basis and dates.',
          }),
          querystring: trialBalanceQuery,
          response: { 200: trialBalanceReport },
        },
      },
      async (request) => inSnapshot(orm, (em) => trialBalance(em, trialBalanceRange(request.query))),
    );

    app.get(
      '/inventory-valuation',
      {
        config: readable,
        schema: {
          ...routeDocs({
            summary: 'Inventory valuation',
            description:
              'Stock value by item against the inventory accounts of the ledger, read in one snapshot; searched by SKU ' +
              'or name and sorted by any column (the totals and the reconciliation are over every item). Reads only.',
          }),
          tags: ['reports'],
          querystring: inventoryValuationQuery,
          response: { 200: inventoryValuationReport },
        },
      },
      async (request) => {
        const { page, pageSize, sort, q } = request.query;
        const report = await inSnapshot(orm, (em) =>
          inventoryValuation(em, { limit: pageSize, offset: offsetOf(page, pageSize), sort, q }),
        );
        return { ...report, page, pageSize };
      },
    );

    app.get(
      '/inventory-valuation/export.csv',
      {
        config: readable,
        schema: {
          ...routeDocs({
            summary: 'Export inventory valuation as CSV',
            description:
              'Every item the valuation list selects (search, sort), all pages, read in one snapshot. Reads only.',
          }),
          tags: ['reports'],
          querystring: inventoryValuationQuery,
          produces: ['text/csv'],
          response: csvResponse,
        },
      },
      async (request, reply) => {
        const { sort, q } = request.query;
        const rows = await inSnapshot(orm, async (em) => {
          const all = [];
          for (let offset = 0; ; offset += EXPORT_CHUNK) {
            const { items } = await inventoryValuation(em, { limit: EXPORT_CHUNK, offset, sort, q });
            all.push(...items);
            if (items.length < EXPORT_CHUNK) return all;
          }
        });
        return sendReportCsv(reply, 'inventory-valuation.csv', VALUATION_CSV, rows);
      },
    );
  };
}
