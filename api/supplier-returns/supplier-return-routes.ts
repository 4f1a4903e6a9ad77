import type { MikroORM } from '@mikro-orm/postgresql';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ANY_ROLE, currentUser } from '../auth/auth-hook';
import { ApiError } from '../errors';
import { idempotencyHeaders, runIntake, type IntakeContext } from '../intake/intake';
import { routeDocs } from '../openapi/route-docs';
import { listSupplierReturns, readSupplierReturn } from './supplier-return-queries';
import { createSupplierReturnBody, supplierReturnDetail, supplierReturnSummary } from './supplier-return-schemas';
import { createSupplierReturn } from './supplier-return-service';

export interface SupplierReturnDeps {
  orm: MikroORM;
  taskQueue: string;
  intake: IntakeContext;
}

/** Supplier returns: received goods going back to the supplier, each run by its `supplier-return` process. */
export function supplierReturnRoutes(deps: SupplierReturnDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/',
      {
        config: { roles: ['clerk', 'admin'] },
        schema: {
          ...routeDocs({
            summary: 'Return received goods to the supplier',
            description:
              'Stores the return and starts its process, which gives a clerk a task to pick the goods and then posts ' +
              'the return (stock out at the receipt cost, GRNI or payables debited). No line may return more than was ' +
              'received less what earlier returns took (400 naming lines[i].quantity, nothing stored). With replace the ' +
              'quantity reopens on the order once the return posts. Send an Idempotency-Key to retry safely.',
            errors: ['VALIDATION_FAILED', 'PROCESS_UNAVAILABLE', 'IDEMPOTENCY_KEY_REUSED'],
          }),
          tags: ['purchasing'],
          headers: idempotencyHeaders,
          body: createSupplierReturnBody,
          response: { 201: z.object({ returnNumber: z.string(), workflowId: z.string() }) },
        },
      },
      async (request, reply) => {
        const username = currentUser(request).username;
        const route = { route: 'POST /api/supplier-returns', status: 201 as const };
        const { status, body } = await runIntake(deps.intake, request, route, (em) =>
          createSupplierReturn(em, request.body, username, deps.taskQueue),
        );
        return reply.status(status).send(body);
      },
    );

    app.get(
      '/',
      {
        config: { roles: ANY_ROLE },
        schema: {
          ...routeDocs({ summary: 'List supplier returns', description: 'Newest first; filter by purchase order.' }),
          tags: ['purchasing'],
          querystring: z.object({
            purchaseOrderNumber: z.string().max(30).optional(),
            limit: z.coerce.number().int().min(1).max(500).default(100),
          }),
          response: { 200: z.object({ items: z.array(supplierReturnSummary) }) },
        },
      },
      async (request) => ({ items: await listSupplierReturns(deps.orm.em.fork(), request.query) }),
    );

    app.get(
      '/:returnNumber',
      {
        config: { roles: ANY_ROLE },
        schema: {
          ...routeDocs({
            summary: 'Read a supplier return',
            description: 'The return, its lines and, once posted, what each line booked.',
            errors: ['NOT_FOUND'],
          }),
          tags: ['purchasing'],
          params: z.object({ returnNumber: z.string().max(30) }),
          response: { 200: supplierReturnDetail },
        },
      },
      async (request) => {
        const found = await readSupplierReturn(deps.orm.em.fork(), request.params.returnNumber);
        if (!found) throw new ApiError('NOT_FOUND', `No supplier return ${request.params.returnNumber}`);
        return found;
      },
    );
  };
}
