import { IsolationLevel, type MikroORM } from '@mikro-orm/postgresql';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Role } from '../../db/entities';
import { routeDocs } from '../openapi/route-docs';
import { offsetOf, pageQuery } from '../pagination';
import { agingReport, type AgingSide } from './aging-report';

const money = z.number();
const buckets = {
  current: money.describe('Not yet due (or due on the report date)'),
  days1to30: money,
  days31to60: money,
  days61to90: money,
  over90: money,
  total: money,
};
const agingReportSchema = z.object({
  side: z.enum(['receivables', 'payables']),
  asOf: z.string(),
  items: z.array(z.object({ partner: z.string(), partnerName: z.string(), invoices: z.number(), ...buckets })),
  total: z.number().describe('Partners with something open'),
  page: z.number(),
  pageSize: z.number(),
  totals: z.object(buckets),
  ledger: z.object({ account: z.string(), balance: money }),
  difference: money.describe('Subledger total minus the control account: 0 when they reconcile'),
});
const agingQuery = pageQuery.extend({
  asOf: z.iso.date({ error: 'asOf must be a date (YYYY-MM-DD)' }).optional().describe('Default: today'),
  partner: z.string().trim().min(1).max(40).optional().describe('One customer or supplier code'),
});

const READERS: readonly Role[] = ['admin', 'controller', 'auditor'];
const SIDES: Array<{ path: string; side: AgingSide; summary: string; what: string }> = [
  { path: '/receivables-aging', side: 'receivables', summary: 'Receivables aging', what: 'customer invoices (1100)' },
  { path: '/payables-aging', side: 'payables', summary: 'Payables aging', what: 'posted supplier invoices (2200)' },
];

/** Receivables and payables aging: open invoices per partner by days past due, reconciled with the ledger. */
export function agingRoutes(orm: MikroORM): FastifyPluginAsyncZod {
  return async (app) => {
    for (const { path, side, summary, what } of SIDES) {
      app.get(
        path,
        {
          config: { roles: READERS },
          schema: {
            tags: ['reports'],
            ...routeDocs({
              summary,
              description:
                `What ${what} is open as of a date, per partner, in buckets of days past due (current, 1–30, 31–60, ` +
                '61–90, over 90), with the control account balance at that date and the difference (0 when the ' +
                'subledger reconciles). Read in one snapshot. Reads only.',
            }),
            querystring: agingQuery,
            response: { 200: agingReportSchema },
          },
        },
        async (request) => {
          const { page, pageSize, partner } = request.query;
          const asOf = request.query.asOf ?? new Date().toISOString().slice(0, 10);
          const report = await orm.em
            .fork()
            .transactional(
              (em) => agingReport(em, { side, asOf, partner, limit: pageSize, offset: offsetOf(page, pageSize) }),
              { isolationLevel: IsolationLevel.REPEATABLE_READ, readOnly: true },
            );
          return { ...report, page, pageSize };
        },
      );
    }
  };
}
