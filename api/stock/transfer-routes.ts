import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { MikroORM } from '@mikro-orm/postgresql';
import { z } from 'zod';
import type { Role } from '../../db/entities';
import { dispatchTransfer, findTransfer, receiveTransfer, type TransferView } from '../../db/inventory/stock-transfer';
import { ApiError } from '../errors';
import { idempotencyHeaders, runIntake, type IntakeContext } from '../intake/intake';
import { sendCsv } from '../master-data/csv-endpoints';
import { listEnvelope } from '../master-data/list';
import { routeDocs } from '../openapi/route-docs';
import { allTransfers, listTransfers } from './transfer-list';
import {
  transferDispatchBody,
  transferListQuery,
  transferNumberParams,
  transferReceiveBody,
  transferRecord,
  type TransferRecord,
} from './transfer-schemas';

/** Who moves stock between warehouses: as for manual transfers (api/stock/stock-routes.ts). */
const WRITERS: readonly Role[] = ['clerk', 'admin'];
const READERS: readonly Role[] = ['clerk', 'planner', 'supervisor', 'admin', 'auditor'];
const tags = ['stock'];
const CSV_COLUMNS = (Object.keys(transferRecord.shape) as Array<keyof TransferRecord>).map((name) => ({
  name,
  format: (record: TransferRecord) => (record[name] === null ? '' : String(record[name])),
}));
const POSTING_ERRORS = [
  'UNKNOWN_ITEM',
  'UNKNOWN_WAREHOUSE',
  'UNKNOWN_LOCATION',
  'UNKNOWN_LOT',
  'INVALID_QUANTITY',
  'INVALID_MOVE',
  'INSUFFICIENT_STOCK',
  'PERIOD_CLOSED',
  'PERIOD_BEFORE_CLOSED',
  'PERIOD_SOFT_LOCKED',
  'PERIOD_BEYOND_HORIZON',
  'PROCESS_UNAVAILABLE',
  'IDEMPOTENCY_KEY_REUSED',
] as const;

/**
 * Transfers between warehouses (registered under `/api/stock/transfers`, issue 14): dispatch puts the stock in transit
 * (status `in-transit` at the destination's dock: not free, MRP supply at its expected arrival), receipt lands it in a
 * destination bin. Both through the one posting engine, audited, idempotent by key, each recording a planning change.
 */
export function transferRoutes(deps: {
  orm: MikroORM;
  taskQueue: string;
  intake: IntakeContext;
}): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/',
      {
        config: { roles: READERS },
        schema: {
          tags,
          ...routeDocs({
            summary: 'List transfers between warehouses',
            description:
              'One page of transfers, newest dispatch first unless sorted otherwise: search `q` (number, sku), `sort` ' +
              'by a listed field (`-` for descending), filtered by `status` and `toWarehouse`. Reads only.',
          }),
          querystring: transferListQuery,
          response: { 200: listEnvelope(transferRecord) },
        },
      },
      async (request) => listTransfers(deps.orm.em.fork(), request.query),
    );

    app.get(
      '/export.csv',
      {
        config: { roles: READERS },
        schema: {
          tags,
          ...routeDocs({
            summary: 'Export transfers as CSV',
            description: 'Every transfer the same filters as the list select, no paging, in list order. Reads only.',
          }),
          querystring: transferListQuery,
          produces: ['text/csv'],
          response: { 200: z.string().describe('CSV text, CRLF line ends') },
        },
      },
      async (request, reply) =>
        sendCsv(reply, 'transfers.csv', CSV_COLUMNS, await allTransfers(deps.orm.em.fork(), request.query)),
    );

    app.get(
      '/:number',
      {
        config: { roles: READERS },
        schema: {
          tags,
          ...routeDocs({
            summary: 'One transfer',
            description: 'The transfer; 404 naming number.',
            errors: ['NOT_FOUND'],
          }),
          params: transferNumberParams,
          response: { 200: transferRecord },
        },
      },
      async (request) => {
        const transfer = await findTransfer(deps.orm.em.fork(), request.params.number);
        if (!transfer) throw notFound(request.params.number);
        return transfer;
      },
    );

    app.post(
      '/',
      {
        config: { roles: WRITERS },
        schema: {
          tags,
          ...routeDocs({
            summary: 'Dispatch stock to another warehouse',
            description:
              'Moves free stock out of the source bin into transit at the destination warehouse (status in-transit ' +
              'at its dock): it leaves free stock at once (no allocation, picking or MRP on hand) and is MRP supply at ' +
              '`expectedArrival`. One posting-engine move: never below zero, per-warehouse valuation carries its FIFO ' +
              'cost to the destination, no journal entry (a move within Inventory). Records a planning change. The ' +
              'same idempotency key again answers 200 with the first transfer. Refused naming the field: unknown ' +
              'item, lot, bin or warehouse, the same or a virtual warehouse (400), more than the bin holds free (409).',
            errors: POSTING_ERRORS,
          }),
          headers: idempotencyHeaders,
          body: transferDispatchBody,
          response: { 201: transferRecord, 200: transferRecord },
        },
      },
      async (request, reply) => {
        const { idempotencyKey, ...body } = request.body;
        const intake = {
          route: 'POST /api/stock/transfers',
          status: 201 as 200 | 201,
          bodyKey: { field: 'idempotencyKey', value: idempotencyKey },
          replay: (stored: { body: unknown }) => ({ status: 200 as const, body: stored.body }),
        };
        const { status, body: answer } = await runIntake(deps.intake, request, intake, async (em, taken) => {
          const transfer = await dispatchTransfer(em, { ...body, userName: taken.actor, taskQueue: deps.taskQueue });
          return { body: transfer, audit: auditOf(taken.actor, 'stock.transfer-dispatch', transfer) };
        });
        return reply.status(status).send(answer);
      },
    );

    app.post(
      '/:number/receive',
      {
        config: { roles: WRITERS },
        schema: {
          tags,
          ...routeDocs({
            summary: 'Receive a transfer',
            description:
              'Moves the whole in-transit quantity from the dock into a bin of the destination warehouse (`toLocation`, ' +
              'or the bin named at dispatch) as available stock, and records a planning change. Once only: a second ' +
              'receipt is 409 DUPLICATE naming number (the same idempotency key again answers 200 with the first). 404 ' +
              'naming number; a bin outside the destination warehouse 400 naming toLocation.',
            errors: ['NOT_FOUND', 'DUPLICATE', ...POSTING_ERRORS],
          }),
          headers: idempotencyHeaders,
          params: transferNumberParams,
          body: transferReceiveBody,
          response: { 200: transferRecord },
        },
      },
      async (request, reply) => {
        const number = request.params.number;
        const intake = {
          route: 'POST /api/stock/transfers/:number/receive',
          status: 200 as const,
          bodyKey: { field: 'idempotencyKey', value: request.body.idempotencyKey },
        };
        const { body: answer } = await runIntake(deps.intake, request, intake, async (em, taken) => {
          const outcome = await receiveTransfer(em, {
            number,
            toLocation: request.body.toLocation,
            userName: taken.actor,
            taskQueue: deps.taskQueue,
          });
          if (outcome.kind === 'not-found') throw notFound(number);
          if (outcome.kind === 'already-received') {
            throw new ApiError('DUPLICATE', `Transfer ${number} was received already`, 'number');
          }
          return { body: outcome.transfer, audit: auditOf(taken.actor, 'stock.transfer-receive', outcome.transfer) };
        });
        return reply.status(200).send(answer);
      },
    );
  };
}

const notFound = (number: string) => new ApiError('NOT_FOUND', `No transfer ${number}`, 'number');

function auditOf(actor: string, action: string, transfer: TransferView) {
  return { actor, action, entityType: 'stock_transfer', entityId: transfer.number, details: { ...transfer } };
}
