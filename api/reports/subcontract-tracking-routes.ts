import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { MikroORM } from '@mikro-orm/postgresql';
import { num, query } from '../../db/sql';
import { ANY_ROLE } from '../auth/auth-hook';
import { ApiError } from '../errors';
import { listRoutes } from '../lists/list-routes';
import { csvResponse, listPage, sendCsvStream } from '../lists/sql-list';
import { routeDocs } from '../openapi/route-docs';
import { pageOf } from '../pagination';
import { inSnapshot, reportWhere } from './report-list';
import {
  STOCK_AT_SUPPLIERS,
  stockAtSuppliersList,
  stockAtSuppliersQuery,
  subcontractSupplierList,
  subcontractSupplierQuery,
} from './subcontract-supplier-list';
import {
  subcontractTrackingDetail,
  subcontractTrackingList,
  subcontractTrackingPage,
  subcontractTrackingQuery,
} from './subcontract-tracking-list';
import {
  stockAtSuppliersReport,
  subcontractSupplierRow,
  subcontractTrackingDetail as detailSchema,
  subcontractTrackingRow,
} from './subcontract-tracking-schemas';

// Read-only reports: every role may read them, as every other report (buyers are clerks, planners, controllers, auditors).
const readable = { roles: ANY_ROLE };
const SORTED = 'sorted by any column (`sort=field|-field`)';

/**
 * The subcontract tracking report (per order, per order's components, per supplier) and stock at suppliers, each a
 * page and its streamed CSV, under `/api/reports`.
 */
export function subcontractTrackingRoutes(orm: MikroORM): FastifyPluginAsyncZod {
  const deps = { orm };
  return async (app) => {
    await app.register(
      listRoutes(deps, {
        path: '/subcontract-tracking/by-supplier',
        tag: 'reports',
        query: subcontractSupplierQuery,
        row: subcontractSupplierRow,
        spec: subcontractSupplierList,
        noun: 'subcontract tracking by supplier',
        lead: 'Per supplier with subcontract orders or our stock on its site: open and late orders, finished received, fees accrued and the value of our stock there',
        filters: `filtered by supplier, ${SORTED}`,
        fileName: 'subcontract-tracking-by-supplier.csv',
      }),
    );
    app.get(
      '/subcontract-tracking',
      {
        config: readable,
        schema: {
          ...routeDocs({
            summary: 'Subcontract tracking',
            description:
              'One row per subcontract order, due first by default: ordered, due, status, late, component lines sent ' +
              'and still at the supplier with their value, finished received, fees accrued, fees invoiced (posted fee ' +
              `invoices) and their difference to the accrual they cleared, filtered by supplier, status, lateness, due date range and item, ${SORTED}. Reads only.`,
          }),
          tags: ['reports'],
          querystring: subcontractTrackingQuery,
          response: { 200: pageOf(subcontractTrackingRow) },
        },
      },
      async (request) => subcontractTrackingPage(orm.em.fork(), request.query),
    );

    app.get(
      '/subcontract-tracking/export.csv',
      {
        config: readable,
        schema: {
          ...routeDocs({
            summary: 'Export subcontract tracking as CSV',
            description: 'Every order the report selects (filters, search, sort), all pages, streamed. Reads only.',
          }),
          tags: ['reports'],
          querystring: subcontractTrackingQuery,
          produces: ['text/csv'],
          response: csvResponse,
        },
      },
      async (request, reply) =>
        sendCsvStream(reply, orm.em.fork(), subcontractTrackingList, request.query, 'subcontract-tracking.csv'),
    );

    app.get(
      '/subcontract-tracking/:orderNumber/components',
      {
        config: readable,
        schema: {
          ...routeDocs({
            summary: "A subcontract order's tracking with its components",
            description:
              "The order's tracking row and, per component, required, sent, consumed, scrapped, returned and still at " +
              'the supplier with its value. Reads only.',
            errors: ['NOT_FOUND'],
          }),
          tags: ['reports'],
          params: z.object({ orderNumber: z.string().trim().min(1).max(30) }),
          response: { 200: detailSchema },
        },
      },
      async (request) => {
        const { orderNumber } = request.params;
        const detail = await inSnapshot(orm, (em) => subcontractTrackingDetail(em, orderNumber));
        if (!detail) throw new ApiError('NOT_FOUND', `No subcontract order ${orderNumber}`, 'orderNumber');
        return detail;
      },
    );

    app.get(
      '/stock-at-suppliers',
      {
        config: readable,
        schema: {
          ...routeDocs({
            summary: 'Stock at suppliers',
            description:
              'Our stock with status at-supplier by item and supplier site (warehouse SUP-<supplier code>), valued ' +
              `as stock on hand values it, filtered by supplier and item, ${SORTED}; the value total is over the whole ` +
              'filter, read in the same snapshot. Reads only.',
          }),
          tags: ['reports'],
          querystring: stockAtSuppliersQuery,
          response: { 200: stockAtSuppliersReport },
        },
      },
      async (request) =>
        inSnapshot(orm, async (em) => {
          const page = await listPage(em, stockAtSuppliersList, request.query);
          const where = reportWhere(stockAtSuppliersList, request.query);
          const [totals] = await query<{ value: string }>(
            em,
            `select round(coalesce(sum(t.value), 0), 2) as value ${STOCK_AT_SUPPLIERS} ${where.sql}`,
            where.params,
          );
          return { ...page, totals: { value: num(totals?.value ?? 0) } };
        }),
    );

    app.get(
      '/stock-at-suppliers/export.csv',
      {
        config: readable,
        schema: {
          ...routeDocs({
            summary: 'Export stock at suppliers as CSV',
            description: 'Every row the list selects (filters, search, sort), all pages. Reads only.',
          }),
          tags: ['reports'],
          querystring: stockAtSuppliersQuery,
          produces: ['text/csv'],
          response: csvResponse,
        },
      },
      async (request, reply) =>
        sendCsvStream(reply, orm.em.fork(), stockAtSuppliersList, request.query, 'stock-at-suppliers.csv'),
    );
  };
}
