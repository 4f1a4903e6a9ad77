import { randomUUID } from 'node:crypto';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { MikroORM } from '@mikro-orm/postgresql';
import { STOCK_STATUSES } from '../../db/entities';
import { postMove } from '../../db/inventory/post-move';
import { idempotencyHeaders, runIntake, type IntakeContext } from '../intake/intake';
import { revaluationStart } from './revaluation-service';
import { routeDocs } from '../openapi/route-docs';
import { isoDateTime } from '../input-guard';

/** Moves a person posts by hand; receipts and shipments come from their processes (purchase, fulfillment). */
const MANUAL_MOVE_TYPES = ['adjustment', 'transfer', 'scrap', 'status-change', 'issue'] as const;

const moveBody = z.object({
  moveType: z.enum(MANUAL_MOVE_TYPES),
  itemSku: z.string().trim().min(1).max(40),
  lotCode: z.string().trim().min(1).max(40).nullish(),
  fromLocation: z.string().trim().min(1).max(40).nullish(),
  toLocation: z.string().trim().min(1).max(40).nullish(),
  fromStatus: z.enum(STOCK_STATUSES).optional(),
  toStatus: z.enum(STOCK_STATUSES).optional(),
  quantity: z.number().positive('quantity must be positive').max(1_000_000_000),
  unitCost: z.number().min(0).max(1_000_000).optional(),
  effectiveAt: isoDateTime().optional(),
  reason: z.string().trim().min(1, 'reason is required').max(60),
  /**
   * Send the same key again (e.g. after a timeout) and the move is posted once. The same mechanism as the
   * Idempotency-Key header, which is preferred; both given must agree.
   */
  idempotencyKey: z.string().min(8).max(120).optional(),
});

const postedSchema = z.object({
  moveId: z.number(),
  value: z.number(),
  journalEntryId: z.number().nullable(),
  duplicate: z.boolean(),
  revaluedMoves: z.number(),
  revaluationJobId: z.number().nullable(),
  revaluationWorkflowId: z.string().nullable(),
});

/** Manual stock postings (counts, transfers, scrap, quarantine release) through the one posting engine. */
export function stockRoutes(deps: { orm: MikroORM; taskQueue: string; intake: IntakeContext }): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/moves',
      {
        config: { roles: ['clerk', 'admin'] },
        schema: {
          ...routeDocs({
            summary: 'Post a manual stock move',
            description:
              'Posts an adjustment, transfer, scrap, status change or issue through the one posting engine: the stock ' +
              'ledger, the valuation and the journal entry in one transaction, audited. A backdated move re-values later ' +
              'issues (inline, or by a re-valuation workflow when there are many, whose start commits with the move). ' +
              'Sending the same idempotency key (the Idempotency-Key header, or `idempotencyKey` in the body) again with ' +
              'the same move answers 200 with the first posting (`duplicate: true`); with a different move, 409.',
            errors: [
              'UNKNOWN_ITEM',
              'UNKNOWN_LOCATION',
              'UNKNOWN_LOT',
              'UNKNOWN_ACCOUNT',
              'INVALID_QUANTITY',
              'INVALID_MOVE',
              'UNBALANCED_ENTRY',
              'INSUFFICIENT_STOCK',
              'PERIOD_CLOSED',
              'PERIOD_BEFORE_CLOSED',
              'PERIOD_SOFT_LOCKED',
              'PERIOD_BEYOND_HORIZON',
              'PROCESS_UNAVAILABLE',
              'IDEMPOTENCY_KEY_REUSED',
            ],
          }),
          tags: ['stock'],
          headers: idempotencyHeaders,
          body: moveBody,
          response: { 201: postedSchema, 200: postedSchema },
        },
      },
      async (request, reply) => {
        const body = request.body;
        const intake = {
          route: 'POST /api/stock/moves',
          status: 201 as 200 | 201,
          bodyKey: { field: 'idempotencyKey', value: body.idempotencyKey },
          // A retry answers the first posting again, marked as the repeat it is.
          replay: (stored: { body: unknown }) => ({
            status: 200 as const,
            body: { ...(stored.body as object), duplicate: true },
          }),
        };
        const { status, body: answer } = await runIntake(deps.intake, request, intake, async (em, taken) => {
          const posted = await postMove(em, {
            moveType: body.moveType,
            itemSku: body.itemSku,
            lot: body.lotCode ? { code: body.lotCode } : null,
            fromLocation: body.fromLocation,
            toLocation: body.toLocation,
            fromStatus: body.fromStatus,
            toStatus: body.toStatus,
            quantity: body.quantity,
            unitCost: body.unitCost,
            effectiveAt: body.effectiveAt ? new Date(body.effectiveAt) : undefined,
            documentType: 'manual',
            documentRef: body.reason,
            userName: taken.actor,
            idempotencyKey: `manual:${taken.key ?? randomUUID()}`,
          });
          // A backdated posting too large to re-value inline queued a job: its workflow start commits with the move.
          const revaluation = posted.revaluationJobId
            ? revaluationStart(posted.revaluationJobId, deps.taskQueue, taken.actor)
            : null;
          return {
            body: { ...posted, revaluationWorkflowId: revaluation?.workflowId ?? null },
            status: posted.duplicate ? 200 : 201,
            starts: revaluation ? [revaluation] : [],
            audit: posted.duplicate
              ? []
              : {
                  actor: taken.actor,
                  action: `stock.${body.moveType}`,
                  entityType: 'stock_move',
                  entityId: String(posted.moveId),
                  details: { ...body },
                },
          };
        });
        return reply.status(status).send(answer as z.infer<typeof postedSchema>);
      },
    );
  };
}
