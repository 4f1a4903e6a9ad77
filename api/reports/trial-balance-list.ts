import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import { type EntityManager, IsolationLevel, type MikroORM } from '@mikro-orm/postgresql';
import { trialBalance } from '../../db/repositories/trial-balance-repository';
import { ANY_ROLE } from '../auth/auth-hook';
import { csvResponse } from '../lists/sql-list';
import { routeDocs } from '../openapi/route-docs';
import { offsetOf, pageOf } from '../pagination';
import { trialBalanceAccountsQuery, trialBalanceReport } from './report-schemas';
import { trialBalanceRange } from './trial-balance-range';
import { type ReportCsvColumn, sendReportCsv } from './report-csv';

type Report = z.infer<typeof trialBalanceReport>;
type Account = Report['accounts'][number];
type AccountsQuery = z.infer<typeof trialBalanceAccountsQuery>;

/** The account list's row: the report's account as it is. */
const accountRow = trialBalanceReport.shape.accounts.element;

/** One page of accounts beside the whole report's range, totals and balance check (they are over every account). */
export const trialBalanceAccountsPage = pageOf(accountRow).extend(trialBalanceReport.omit({ accounts: true }).shape);

/**
 * The trial balance is computed per account (one row per account of the chart, a few hundred at most) in one
 * snapshot, so search, filter and sort run over the computed rows on the server: the console's list asks for one
 * page the same way it asks every SQL list (`q`, `sort=field|-field`, `page`, `pageSize`).
 */
function selectAccounts(accounts: readonly Account[], query: AccountsQuery): Account[] {
  const search = query.q?.toLowerCase();
  const selected = accounts.filter(
    (account) =>
      (!search || account.code.toLowerCase().includes(search) || account.name.toLowerCase().includes(search)) &&
      (!query.type || account.type === query.type),
  );
  const wanted = query.sort ?? 'code';
  const descending = wanted.startsWith('-');
  const field = (descending ? wanted.slice(1) : wanted) as keyof Account;
  const direction = descending ? -1 : 1;
  return selected.sort((a, b) => {
    const x = a[field];
    const y = b[field];
    const order = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y));
    // Ties (equal amounts) in account order, so pages never overlap.
    return order !== 0 ? order * direction : a.code.localeCompare(b.code);
  });
}

const CSV_COLUMNS: ReadonlyArray<ReportCsvColumn<Account>> = [
  ['Account', (a) => a.code],
  ['Name', (a) => a.name],
  ['Type', (a) => a.type],
  ['Normal side', (a) => a.normalSide],
  ['Opening (Dr - Cr)', (a) => a.opening.toFixed(2)],
  ['Debit', (a) => a.debitMovement.toFixed(2)],
  ['Credit', (a) => a.creditMovement.toFixed(2)],
  ['Closing (Dr - Cr)', (a) => a.closing.toFixed(2)],
];

function readReport(orm: MikroORM, query: AccountsQuery): Promise<Report> {
  return orm.em.fork().transactional((em: EntityManager) => trialBalance(em, trialBalanceRange(query)), {
    isolationLevel: IsolationLevel.REPEATABLE_READ,
    readOnly: true,
  }) as Promise<Report>;
}

const FILTERS =
  'for the same range as the report (basis, period, asOf, from, to), searched by code or name, filtered by type, sorted by any column';

/**
 * `GET /trial-balance/accounts` (one page) and `GET /trial-balance/accounts/export.csv` (every account the filters
 * select): the trial balance on the console's shared list. `GET /trial-balance` keeps answering the whole report.
 */
export function trialBalanceListRoutes(orm: MikroORM): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/trial-balance/accounts',
      {
        config: { roles: ANY_ROLE },
        schema: {
          ...routeDocs({
            summary: 'List trial balance accounts',
            description: `The trial balance's accounts one page at a time with the whole report's totals, ${FILTERS}. Reads only.`,
          }),
          tags: ['reports'],
          querystring: trialBalanceAccountsQuery,
          response: { 200: trialBalanceAccountsPage },
        },
      },
      async (request) => {
        const { page, pageSize } = request.query;
        const { accounts, ...report } = await readReport(orm, request.query);
        const selected = selectAccounts(accounts, request.query);
        const offset = offsetOf(page, pageSize);
        return { ...report, items: selected.slice(offset, offset + pageSize), total: selected.length, page, pageSize };
      },
    );

    app.get(
      '/trial-balance/accounts/export.csv',
      {
        config: { roles: ANY_ROLE },
        schema: {
          ...routeDocs({
            summary: 'Export trial balance accounts as CSV',
            description: `Every account the list's filters select (${FILTERS}), all pages. Reads only.`,
          }),
          tags: ['reports'],
          querystring: trialBalanceAccountsQuery,
          produces: ['text/csv'],
          response: csvResponse,
        },
      },
      async (request, reply) => {
        const { accounts } = await readReport(orm, request.query);
        return sendReportCsv(reply, 'trial-balance.csv', CSV_COLUMNS, selectAccounts(accounts, request.query));
      },
    );
  };
}
