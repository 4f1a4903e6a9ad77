import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { MikroORM } from '@mikro-orm/postgresql';
import { type ClosingTrialBalanceRow, closingTrialBalance } from '../../db/accounting/closing-trial-balance';
import { ApiError } from '../errors';
import { csvResponse } from '../lists/sql-list';
import { routeDocs } from '../openapi/route-docs';
import { type ReportCsvColumn, sendReportCsv } from './report-csv';
import { inSnapshot } from './report-list';

/** Who reads the books' trial balance from the close's stored balances. */
const ROLES = ['controller', 'auditor', 'admin'] as const;

export const closingTrialBalanceQuery = z.object({
  period: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'period must be a month, YYYY-MM'),
});

const amount = z.number();
export const closingTrialBalanceReport = z.object({
  period: z.string(),
  periodStatus: z.string(),
  openingFrom: z.string().nullable(),
  closingStored: z.boolean(),
  accounts: z.array(
    z.object({
      code: z.string(),
      name: z.string(),
      type: z.string(),
      opening: amount,
      debit: amount,
      credit: amount,
      closing: amount,
    }),
  ),
  totals: z.object({
    openingDebit: amount,
    openingCredit: amount,
    debit: amount,
    credit: amount,
    closingDebit: amount,
    closingCredit: amount,
  }),
  balanced: z.boolean(),
});

const CSV_COLUMNS: ReadonlyArray<ReportCsvColumn<ClosingTrialBalanceRow>> = [
  ['Account', (a) => a.code],
  ['Name', (a) => a.name],
  ['Type', (a) => a.type],
  ['Opening (Dr - Cr)', (a) => a.opening.toFixed(2)],
  ['Debit', (a) => a.debit.toFixed(2)],
  ['Credit', (a) => a.credit.toFixed(2)],
  ['Closing (Dr - Cr)', (a) => a.closing.toFixed(2)],
];

async function read(orm: MikroORM, period: string) {
  const report = await inSnapshot(orm, (em) => closingTrialBalance(em, period));
  if (!report) throw new ApiError('VALIDATION_FAILED', `No accounting period ${period}`, 'period');
  return report;
}

const DESCRIPTION =
  "Per account: opening (the latest earlier period's stored closing balance plus any months between without one; " +
  'the history before the month only when no valid closing is stored), the month’s debits and credits, closing. ' +
  'Read in one snapshot; 400 naming period for a malformed or unknown month.';

/**
 * `GET /trial-balance/closing?period=YYYY-MM` and its CSV export: the month's trial balance from the period close's
 * stored closing balances plus the month's own lines (issue 17). `GET /trial-balance` keeps its cumulative/period
 * meaning for every role.
 */
export function closingTrialBalanceRoutes(orm: MikroORM): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/trial-balance/closing',
      {
        config: { roles: ROLES },
        schema: {
          ...routeDocs({ summary: 'Trial balance of a month from the closing balances', description: DESCRIPTION }),
          tags: ['reports'],
          querystring: closingTrialBalanceQuery,
          response: { 200: closingTrialBalanceReport },
        },
      },
      async (request) => read(orm, request.query.period),
    );

    app.get(
      '/trial-balance/closing/export.csv',
      {
        config: { roles: ROLES },
        schema: {
          ...routeDocs({
            summary: 'Export the month’s trial balance from the closing balances as CSV',
            description: DESCRIPTION,
          }),
          tags: ['reports'],
          querystring: closingTrialBalanceQuery,
          produces: ['text/csv'],
          response: csvResponse,
        },
      },
      async (request, reply) => {
        const report = await read(orm, request.query.period);
        return sendReportCsv(reply, `trial-balance-${report.period}.csv`, CSV_COLUMNS, report.accounts);
      },
    );
  };
}
