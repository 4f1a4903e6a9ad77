import type { MikroORM } from '@mikro-orm/postgresql';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { openStockCount } from '../../db/repositories/stock-count-repository';
import { num, query } from '../../db/sql';
import { ANY_ROLE, currentUser } from '../auth/auth-hook';
import { ApiError } from '../errors';
import { idempotencyHeaders, runIntake, type IntakeContext } from '../intake/intake';
import { routeDocs } from '../openapi/route-docs';
import { listRow } from '../lists/sql-list';
import { stockCountListRoutes, stockCountListSpec, stockCountSummary } from './stock-count-list';

export interface StockCountRouteDeps {
  orm: MikroORM;
  taskQueue: string;
  intake: IntakeContext;
}

const createBody = z.strictObject({
  locationCode: z.string().min(1).max(40).describe('The bin to count'),
  itemSku: z.string().min(1).max(40).optional().describe('Count only this item in the bin; omitted: everything'),
});

const countLine = z.object({
  lineNo: z.number(),
  itemSku: z.string(),
  lotCode: z.string().nullable(),
  bookQuantity: z.number(),
  countedQuantity: z.number().nullable(),
  countedBy: z.string().nullable(),
  recountQuantity: z.number().nullable(),
  recountBy: z.string().nullable(),
  differenceQuantity: z.number().nullable(),
  differenceValue: z.number().nullable(),
});

const optionalNumber = (value: unknown) => (value === null || value === undefined ? null : num(value));
const optionalString = (value: unknown) => (value === null || value === undefined ? null : String(value));

/** Stock counts: start one by hand, list them with their differences, read one with its lines. */
export function stockCountRoutes(deps: StockCountRouteDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/',
      {
        config: { roles: ['clerk', 'supervisor', 'controller', 'admin'] },
        schema: {
          ...routeDocs({
            summary: 'Count a bin',
            description:
              'Opens a count of the bin (of one item, or everything in it) and starts its stock-count workflow: a blind ' +
              "count task for a clerk, a recount by someone else when the difference exceeds the cycle-count rules' " +
              "tolerance, a controller's approval above their value threshold, then the difference posts. Until then " +
              'the bin is not allocated. A bin being counted already is refused (409 naming locationCode). Send an ' +
              'Idempotency-Key to retry safely.',
            errors: ['VALIDATION_FAILED', 'UNKNOWN_ITEM', 'DUPLICATE', 'PROCESS_UNAVAILABLE', 'IDEMPOTENCY_KEY_REUSED'],
          }),
          tags: ['stock-counts'],
          headers: idempotencyHeaders,
          body: createBody,
          response: { 201: z.object({ countNumber: z.string(), workflowId: z.string() }) },
        },
      },
      async (request, reply) => {
        const username = currentUser(request).username;
        const route = { route: 'POST /api/stock-counts', status: 201 as const };
        const { status, body } = await runIntake(deps.intake, request, route, async (em) => {
          const opened = await openStockCount(em, {
            locationCode: request.body.locationCode,
            itemSku: request.body.itemSku ?? null,
            reason: 'manual',
            requestedBy: username,
            taskQueue: deps.taskQueue,
          });
          if ('refused' in opened) {
            const codes = {
              UNKNOWN_LOCATION: 'VALIDATION_FAILED',
              UNKNOWN_ITEM: 'UNKNOWN_ITEM',
              BIN_BEING_COUNTED: 'DUPLICATE',
            } as const;
            throw new ApiError(codes[opened.refused], opened.message, opened.field);
          }
          return {
            body: { countNumber: opened.countNumber, workflowId: opened.workflowId },
            starts: [opened.start],
            audit: {
              actor: username,
              action: 'stock-count.requested',
              entityType: 'stock_count',
              entityId: opened.countNumber,
              workflowId: opened.workflowId,
              details: { ...request.body },
            },
          };
        });
        return reply.status(status).send(body);
      },
    );

    await app.register(stockCountListRoutes(deps));

    app.get(
      '/:countNumber',
      {
        config: { roles: ANY_ROLE },
        schema: {
          ...routeDocs({
            summary: 'Read a stock count',
            description:
              'One count with its lines: book snapshot, counts, recounts, differences and values. Reads only.',
            errors: ['NOT_FOUND'],
          }),
          tags: ['stock-counts'],
          params: z.object({ countNumber: z.string().max(30) }),
          response: { 200: stockCountSummary.extend({ lines: z.array(countLine) }) },
        },
      },
      async (request) => {
        const em = deps.orm.em.fork();
        const found = await listRow(em, stockCountListSpec, 'sc.id', 'sc.count_number = ?', [
          request.params.countNumber,
        ]);
        if (!found) throw new ApiError('NOT_FOUND', `No stock count ${request.params.countNumber}`);
        const lines = await query<Record<string, unknown>>(
          em,
          `select cl.*, i.sku, lot.code as lot_code from stock_count_line cl join stock_count sc on sc.id = cl.count_id
             join item i on i.id = cl.item_id left join lot on lot.id = cl.lot_id
            where sc.count_number = ? order by cl.line_no`,
          [request.params.countNumber],
        );
        return {
          ...found.row,
          lines: lines.map((line) => ({
            lineNo: num(line.line_no),
            itemSku: String(line.sku),
            lotCode: optionalString(line.lot_code),
            bookQuantity: num(line.book_quantity),
            countedQuantity: optionalNumber(line.counted_quantity),
            countedBy: optionalString(line.counted_by),
            recountQuantity: optionalNumber(line.recount_quantity),
            recountBy: optionalString(line.recount_by),
            differenceQuantity: optionalNumber(line.difference_quantity),
            differenceValue: optionalNumber(line.difference_value),
          })),
        };
      },
    );
  };
}
