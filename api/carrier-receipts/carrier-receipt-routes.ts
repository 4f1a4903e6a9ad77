import type { MikroORM } from '@mikro-orm/postgresql';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ANY_ROLE, currentUser } from '../auth/auth-hook';
import { ApiError } from '../errors';
import { idempotencyHeaders, runIntake, type IntakeContext } from '../intake/intake';
import { routeDocs } from '../openapi/route-docs';
import { carrierReceiptListRoutes } from './carrier-receipt-list';
import { readCarrierReceipt } from './carrier-receipt-queries';
import { carrierReceiptCreated, carrierReceiptDetail, createCarrierReceiptBody } from './carrier-receipt-schemas';
import { createCarrierReceipt } from './carrier-receipt-service';

export interface CarrierReceiptDeps {
  orm: MikroORM;
  taskQueue: string;
  intake: IntakeContext;
}

/** Carrier receipts: freight on receipts, spread over the deliveries it covers by the cost-distribution rules. */
export function carrierReceiptRoutes(deps: CarrierReceiptDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/',
      {
        config: { roles: ['clerk', 'admin'] },
        schema: {
          ...routeDocs({
            summary: 'Enter a carrier receipt (freight on deliveries)',
            description:
              'Stores the receipt and starts its posting process: the amount is split over the receipt moves of the ' +
              'deliveries (<order number>/<delivery no>, subcontract or purchase) by the published cost-distribution ' +
              'rules, each share re-values the goods still on hand or goes where the goods went, credited to 2100. ' +
              'Refused with nothing stored: unknown carrier (UNKNOWN_SUPPLIER, carrierCode), the same carrier and ' +
              'reference entered before (DUPLICATE, reference), a future date or a closed period (date), an unknown, ' +
              'rejected or repeated delivery (deliveries[i].reference). Send an Idempotency-Key to retry safely.',
            errors: [
              'VALIDATION_FAILED',
              'UNKNOWN_SUPPLIER',
              'DUPLICATE',
              'PERIOD_CLOSED',
              'PERIOD_BEFORE_CLOSED',
              'PROCESS_UNAVAILABLE',
              'IDEMPOTENCY_KEY_REUSED',
            ],
          }),
          tags: ['purchasing'],
          headers: idempotencyHeaders,
          body: createCarrierReceiptBody,
          response: { 201: carrierReceiptCreated },
        },
      },
      async (request, reply) => {
        const username = currentUser(request).username;
        const route = { route: 'POST /api/carrier-receipts', status: 201 as const };
        const { status, body } = await runIntake(deps.intake, request, route, (em) =>
          createCarrierReceipt(em, request.body, username, deps.taskQueue),
        );
        return reply.status(status).send(body);
      },
    );

    await app.register(carrierReceiptListRoutes(deps));

    app.get(
      '/:receiptNumber',
      {
        config: { roles: ANY_ROLE },
        schema: {
          ...routeDocs({
            summary: 'Read a carrier receipt',
            description:
              'The receipt, each covered receipt move with its share and where it went, and the distribution as ' +
              'decided: rule-set version, winning rule, basis asked and applied, facts, outranked rules, the reason.',
            errors: ['NOT_FOUND'],
          }),
          tags: ['purchasing'],
          params: z.object({ receiptNumber: z.string().max(30) }),
          response: { 200: carrierReceiptDetail },
        },
      },
      async (request) => {
        const found = await readCarrierReceipt(deps.orm.em.fork(), request.params.receiptNumber);
        if (!found) throw new ApiError('NOT_FOUND', `No carrier receipt ${request.params.receiptNumber}`);
        return found;
      },
    );
  };
}
