import type { MikroORM } from '@mikro-orm/postgresql';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Role } from '../../db/entities';
import { ApiError } from '../errors';
import { idempotencyHeaders } from '../intake/intake';
import { acceptCsv } from '../master-data/csv-endpoints';
import { routeDocs } from '../openapi/route-docs';
import { offsetOf } from '../pagination';
import { runIdempotent } from './idempotent';
import { importStatement, STATEMENT_COLUMNS } from './payment-import';
import { readOpenInvoices, readPayments } from './payment-reads';
import {
  importResult,
  openInvoice,
  openInvoicesQuery,
  paymentInput,
  paymentListQuery,
  paymentRecord,
} from './payment-schemas';
import { enterPayment } from './payment-service';

const WRITERS: readonly Role[] = ['admin', 'controller'];
const READERS: readonly Role[] = ['admin', 'controller', 'auditor'];
const tags = ['payments'];

/** Payments in and out: entered, imported from a bank statement, applied to open invoices, posted. */
export function paymentRoutes(orm: MikroORM, options: { keepDays: number }): FastifyPluginAsyncZod {
  return async (app) => {
    acceptCsv(app);

    app.post(
      '/',
      {
        config: { roles: WRITERS },
        schema: {
          tags,
          ...routeDocs({
            summary: 'Enter a payment',
            description:
              'A customer receipt (Dr 1000 Bank / Cr 1100 receivables) or a supplier payment (Dr 2200 payables / Cr 1000 ' +
              'Bank), applied to open invoices of its partner: the `allocations` given (adding up to `amount`), or the ' +
              "oldest due first. Raises the invoices' paid amounts and posts in one transaction, dated `paidOn` (its " +
              "period must be open). Overpaying an invoice or the partner's open total is a 400 naming the field; " +
              'nothing is written then. Safe to retry with an Idempotency-Key.',
            errors: [
              'UNKNOWN_CUSTOMER',
              'UNKNOWN_SUPPLIER',
              'IDEMPOTENCY_KEY_REUSED',
              'PERIOD_CLOSED',
              'PERIOD_SOFT_LOCKED',
              'PERIOD_BEYOND_HORIZON',
            ],
          }),
          headers: idempotencyHeaders,
          body: paymentInput,
          response: { 201: paymentRecord },
        },
      },
      async (request, reply) => {
        const answer = await runIdempotent(
          orm,
          request,
          { route: 'POST /api/payments', status: 201, keepDays: options.keepDays },
          async (em, actor) => {
            const payment = await enterPayment(em, request.body, { actor, source: 'entered' });
            const { items } = await readPayments(em, { numbers: [payment.paymentNumber] });
            if (!items[0]) throw new Error(`payment ${payment.paymentNumber} vanished`);
            return items[0];
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
            summary: 'Import payments from a bank statement CSV',
            description:
              `Columns: ${STATEMENT_COLUMNS.join(', ')} (header row; invoiceNumber and reference optional). Each row is ` +
              'a payment entered as POST /api/payments would (a row naming an invoice applies its amount to it, else ' +
              'the oldest open invoices first), in file order, in one transaction. Any bad row: 400 IMPORT_INVALID ' +
              'naming each row (line) and column, and nothing is written. `mode=dry-run` checks and writes nothing.',
            errors: ['IMPORT_INVALID', 'IDEMPOTENCY_KEY_REUSED'],
          }),
          headers: idempotencyHeaders,
          querystring: z.object({ mode: z.enum(['dry-run', 'apply']).default('apply') }),
          consumes: ['text/csv'],
          body: z.string().describe('CSV text; the first line names the columns'),
          response: { 200: importResult },
        },
      },
      async (request) => {
        const { mode } = request.query;
        const route = 'POST /api/payments/import';
        const answer = await runIdempotent(
          orm,
          request,
          { route, status: 200, keepDays: options.keepDays },
          (em, actor) => importOnce(em, request.body, actor, mode),
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
          ...routeDocs({ summary: 'List payments', description: 'Payments newest first, with their allocations.' }),
          querystring: paymentListQuery,
          response: {
            200: z.object({ items: z.array(paymentRecord), total: z.number(), page: z.number(), pageSize: z.number() }),
          },
        },
      },
      async (request) => {
        const { page, pageSize, kind, partner } = request.query;
        const em = orm.em.fork();
        const result = await readPayments(em, { kind, partner, limit: pageSize, offset: offsetOf(page, pageSize) });
        return { ...result, page, pageSize };
      },
    );

    app.get(
      '/open-invoices',
      {
        config: { roles: READERS },
        schema: {
          tags,
          ...routeDocs({
            summary: 'Open invoices a payment can be applied to',
            description:
              'Customer invoices (kind=customer-receipt) or posted supplier invoices (kind=supplier-payment) ' +
              'not fully paid, oldest due first, optionally for one partner.',
          }),
          querystring: openInvoicesQuery,
          response: { 200: z.object({ items: z.array(openInvoice) }) },
        },
      },
      async (request) => ({ items: await readOpenInvoices(orm.em.fork(), request.query.kind, request.query.partner) }),
    );
  };
}

/** Imports the statement; a dry run rolls its own savepoint back by throwing past it. */
async function importOnce(em: Parameters<typeof importStatement>[0], text: string, actor: string, mode: string) {
  if (mode === 'apply') {
    const numbers = await importStatement(em, text, { actor });
    const { items } = await readPayments(em, { numbers });
    return { mode: 'apply' as const, rows: numbers.length, applied: true, payments: items };
  }
  const dry = new DryRun();
  try {
    await em.transactional(async (tx) => {
      dry.rows = (await importStatement(tx, text, { actor })).length;
      throw dry;
    });
  } catch (error) {
    if (error !== dry) throw error;
  }
  return { mode: 'dry-run' as const, rows: dry.rows, applied: false, payments: [] };
}

class DryRun extends ApiError {
  rows = 0;
  constructor() {
    super('INTERNAL', 'dry run');
  }
}
