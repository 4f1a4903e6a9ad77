import type { MikroORM } from '@mikro-orm/postgresql';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Role } from '../../db/entities';
import { currentUser } from '../auth/auth-hook';
import { ApiError } from '../errors';
import { idempotencyHeaders } from '../intake/intake';
import { acceptCsv, sendCsv } from '../master-data/csv-endpoints';
import { routeDocs, type ErrorCode } from '../openapi/route-docs';
import { intParam } from '../pagination';
import { runIdempotent } from '../payments/idempotent';
import { ENTRY_CSV_COLUMNS } from './entry-csv';
import { importEntries } from './journal-entry-import';
import { findManualEntry, listManualEntries } from './journal-entry-reads';
import {
  importResult,
  manualEntryInput,
  manualEntryListQuery,
  manualEntryPage,
  manualEntryRecord,
  type ManualEntryRecord,
} from './journal-entry-schemas';
import { fromInput, postManualEntry, type PostingUser } from './journal-entry-service';

const WRITERS: readonly Role[] = ['controller', 'admin'];
const READERS: readonly Role[] = ['controller', 'admin', 'auditor'];
const tags = ['journal-entries'];

/** Everything the books may refuse about a manual entry's period. */
const PERIOD_REFUSALS: ErrorCode[] = [
  'PERIOD_CLOSED',
  'PERIOD_BEFORE_CLOSED',
  'PERIOD_SOFT_LOCKED',
  'PERIOD_BEYOND_HORIZON',
];

/** The export's cap: the import is one transaction, and a file people open in a spreadsheet stays small. */
const EXPORT_LIMIT = 10_000;

type ExportRow = { entry: ManualEntryRecord; line: ManualEntryRecord['lines'][number] };
const amountText = (value: number) => (value === 0 ? '' : value.toFixed(2));
const EXPORT_COLUMNS: Array<{ name: string; format: (row: ExportRow) => string }> = [
  { name: 'entryRef', format: (r) => r.entry.reference },
  { name: 'date', format: (r) => r.entry.entryDate },
  { name: 'account', format: (r) => r.line.account },
  { name: 'debit', format: (r) => amountText(r.line.debit) },
  { name: 'credit', format: (r) => amountText(r.line.credit) },
  { name: 'memo', format: (r) => r.line.memo ?? '' },
];

function exportRows(entry: ManualEntryRecord): ExportRow[] {
  return entry.lines.map((line) => ({ entry, line }));
}

function postingUser(request: FastifyRequest): PostingUser {
  const user = currentUser(request);
  return { actor: user.username, controller: user.roles.includes('controller') };
}

/**
 * Manual journal entries: the actual costs that arrive from outside (payroll, energy, rent, accruals), keyed in or
 * imported, audited, never on an account a subledger controls.
 */
export function journalEntryRoutes(orm: MikroORM, options: { keepDays: number }): FastifyPluginAsyncZod {
  return async (app) => {
    acceptCsv(app);

    app.post(
      '/',
      {
        config: { roles: WRITERS },
        schema: {
          tags,
          ...routeDocs({
            summary: 'Post a manual journal entry',
            description:
              'Books actual costs from outside (Dr a pool or expense account, Cr accrued expenses or payables), dated, ' +
              'with a reference and a reason, audited with the user. Refused naming the line and field when it has no ' +
              'lines, does not balance, or names an unknown, deactivated or subledger-controlled account (receivables, ' +
              'inventory, WIP, GRNI, payables, accrued subcontract fees); refused naming entryDate when its period is ' +
              'closed, lies before a closed month or beyond the posting horizon, or is soft-locked for its close ' +
              '(adjustment=true, a controller only, lands there, audited). Send an Idempotency-Key: a retry answers ' +
              'the first result and never books twice.',
            errors: [
              'UNKNOWN_ACCOUNT',
              'ACCOUNT_NOT_POSTABLE',
              'UNBALANCED_ENTRY',
              'IDEMPOTENCY_KEY_REUSED',
              ...PERIOD_REFUSALS,
            ],
          }),
          headers: idempotencyHeaders,
          body: manualEntryInput,
          response: { 201: manualEntryRecord },
        },
      },
      async (request, reply) => {
        const user = postingUser(request);
        const answer = await runIdempotent(
          orm,
          request,
          { route: 'POST /api/journal-entries', status: 201, keepDays: options.keepDays },
          async (em) => {
            const id = await postManualEntry(em, fromInput(request.body), user);
            const record = await findManualEntry(em, id);
            if (!record) throw new Error(`journal entry ${id} vanished`);
            return record;
          },
        );
        return reply.status(201).send(answer.body);
      },
    );

    app.post(
      '/import',
      {
        config: { roles: WRITERS },
        bodyLimit: 5 * 1024 * 1024,
        schema: {
          tags,
          ...routeDocs({
            summary: 'Import manual journal entries from CSV',
            description:
              `Columns: ${ENTRY_CSV_COLUMNS.join(', ')} (header row; memo optional; rows with the same entryRef form ` +
              'one entry and share its date). Every entry is checked as POST /api/journal-entries checks one, the whole ' +
              'file first, then posted in one transaction with the given reason. Any bad row: 400 IMPORT_INVALID ' +
              'naming each row (line) and column, and nothing is written. Send an Idempotency-Key to retry safely.',
            errors: ['IMPORT_INVALID', 'IDEMPOTENCY_KEY_REUSED'],
          }),
          headers: idempotencyHeaders,
          querystring: z.object({
            reason: z.string({ error: 'reason is required' }).trim().min(1, 'reason is required').max(300),
          }),
          consumes: ['text/csv'],
          body: z.string().describe('CSV text; the first line names the columns'),
          response: { 200: importResult },
        },
      },
      async (request) => {
        const user = postingUser(request);
        const answer = await runIdempotent(
          orm,
          request,
          { route: 'POST /api/journal-entries/import', status: 200, keepDays: options.keepDays },
          async (em) => {
            const ids = await importEntries(em, request.body, request.query.reason, user);
            return { entries: ids.length, ids };
          },
        );
        return answer.body;
      },
    );

    app.get(
      '/',
      {
        config: { roles: READERS },
        schema: {
          tags,
          ...routeDocs({
            summary: 'List manual journal entries',
            description:
              'Manual entries and controller adjustments with their lines, sorted and filtered on the server.',
          }),
          querystring: manualEntryListQuery,
          response: { 200: manualEntryPage },
        },
      },
      async (request) => {
        const { page, pageSize } = request.query;
        return { ...(await listManualEntries(orm.em.fork(), request.query)), page, pageSize };
      },
    );

    app.get(
      '/export.csv',
      {
        config: { roles: READERS },
        schema: {
          tags,
          ...routeDocs({
            summary: 'Export manual journal entries as CSV',
            description:
              `One row per line (${ENTRY_CSV_COLUMNS.join(', ')}), the entries the list's filters select, in list ` +
              'order, at most 10,000 entries: the import reads the file unchanged. Reads only.',
          }),
          querystring: manualEntryListQuery.omit({ page: true, pageSize: true }),
          produces: ['text/csv'],
          response: { 200: z.string().describe('CSV text, CRLF line ends') },
        },
      },
      async (request, reply) => {
        const query = { ...request.query, page: 1, pageSize: EXPORT_LIMIT };
        const { items } = await listManualEntries(orm.em.fork(), query);
        return sendCsv(reply, 'journal-entries.csv', EXPORT_COLUMNS, items.flatMap(exportRows));
      },
    );

    app.get(
      '/:id',
      {
        config: { roles: READERS },
        schema: {
          tags,
          ...routeDocs({
            summary: 'One manual journal entry',
            description: 'The entry with its lines, reference, reason and who booked it.',
            errors: ['NOT_FOUND'],
          }),
          params: z.object({ id: intParam() }),
          response: { 200: manualEntryRecord },
        },
      },
      async (request) => {
        const entry = await findManualEntry(orm.em.fork(), request.params.id);
        if (!entry) throw new ApiError('NOT_FOUND', `No manual journal entry ${request.params.id}`, 'id');
        return entry;
      },
    );
  };
}
