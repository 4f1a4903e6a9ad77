import { IsolationLevel, type MikroORM } from '@mikro-orm/postgresql';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Role } from '../../db/entities';
import { routeDocs } from '../openapi/route-docs';
import { offsetOf, pageQuery } from '../pagination';
import { grniReport } from './grni-report';

const money = z.number();
const grniReportSchema = z.object({
  items: z.array(
    z.object({
      orderNumber: z.string(),
      supplierCode: z.string(),
      lineNo: z.number(),
      itemSku: z.string(),
      receivedQuantity: z.number(),
      receivedValue: money.describe('GRNI credited by the receipts, at the receipt price'),
      invoicedQuantity: z.number(),
      invoicedValue: money.describe('GRNI cleared by posted supplier invoices'),
      returnedQuantity: z.number().describe('Returned before being invoiced (taken back from GRNI)'),
      returnedValue: money.describe('GRNI debited by posted supplier returns'),
      openQuantity: z.number(),
      openValue: money.describe('Received and not yet invoiced'),
    }),
  ),
  total: z.number().describe('Lines with something open (every line of the order when orderNumber is given)'),
  page: z.number(),
  pageSize: z.number(),
  totals: z.object({ receivedValue: money, invoicedValue: money, returnedValue: money, openValue: money }),
  ledger: z.object({ account: z.string(), balance: money }),
  difference: money.describe('Whole subledger (unfiltered) minus the 2100 balance: 0 when they reconcile'),
});
const grniQuery = pageQuery.extend({
  orderNumber: z.string().trim().min(1).max(30).optional().describe('One purchase order: all its lines'),
  supplier: z.string().trim().min(1).max(40).optional().describe('One supplier code'),
});

const READERS: readonly Role[] = ['admin', 'controller', 'auditor'];

/** Goods received not invoiced per purchase-order line, reconciled with the GRNI account (2100). */
export function grniRoutes(orm: MikroORM): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/grni',
      {
        config: { roles: READERS },
        schema: {
          tags: ['reports'],
          ...routeDocs({
            summary: 'Goods received not invoiced',
            description:
              'Per purchase-order line: what the receipts booked to GRNI at the receipt price, what posted supplier ' +
              'invoices cleared, what posted supplier returns took back, and what is still open; with the 2100 ' +
              'balance and the difference (0 when the subledger reconciles). Read in one snapshot. Reads only.',
          }),
          querystring: grniQuery,
          response: { 200: grniReportSchema },
        },
      },
      async (request) => {
        const { page, pageSize, orderNumber, supplier } = request.query;
        const report = await orm.em
          .fork()
          .transactional(
            (em) => grniReport(em, { orderNumber, supplier, limit: pageSize, offset: offsetOf(page, pageSize) }),
            { isolationLevel: IsolationLevel.REPEATABLE_READ, readOnly: true },
          );
        return { ...report, page, pageSize };
      },
    );
  };
}
