import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ANY_ROLE, currentUser } from '../auth/auth-hook';
import { ApiError } from '../errors';
import { placePurchaseOrder, requestCloseShort, type PurchasingServiceDeps } from './purchasing-service';
import { idempotencyHeaders, runIntake } from '../intake/intake';
import { closePurchaseOrderBody, createPurchaseOrderBody, purchaseOrderDetail } from './purchasing-schemas';
import { purchaseOrderListRoutes } from './purchase-order-list';
import { readPurchaseOrder } from './purchase-order-detail';
import { routeDocs } from '../openapi/route-docs';

/** Purchasing: suppliers, the warehouses goods arrive in, and purchase orders (placing one starts its receipt). */
export function purchasingRoutes(deps: PurchasingServiceDeps): FastifyPluginAsyncZod {
  return async (app) => {
    // Suppliers are master data: GET /api/suppliers is served by api/catalog (the shared master-data list).
    // Warehouses are master data: GET /api/warehouses is served by api/warehouses (the shared master-data list).
    app.post(
      '/purchase-orders',
      {
        config: { roles: ['clerk', 'admin'] },
        schema: {
          ...routeDocs({
            summary: 'Place a purchase order',
            description:
              'Stores the purchase order with its lines and starts its receipt workflow, which opens a goods-receipt task ' +
              'for the warehouse; the order and its process start commit together. An unknown supplier, item or warehouse ' +
              'is refused naming the field, and nothing is stored. Send an Idempotency-Key to retry safely: the same key ' +
              'and body answer the first purchase order again.',
            errors: [
              'UNKNOWN_SUPPLIER',
              'UNKNOWN_ITEM',
              'UNKNOWN_WAREHOUSE',
              'RECORD_INACTIVE',
              'PROCESS_UNAVAILABLE',
              'IDEMPOTENCY_KEY_REUSED',
            ],
          }),
          tags: ['purchasing'],
          headers: idempotencyHeaders,
          body: createPurchaseOrderBody,
          response: { 201: z.object({ orderNumber: z.string(), workflowId: z.string() }) },
        },
      },
      async (request, reply) => {
        const username = currentUser(request).username;
        const route = { route: 'POST /api/purchase-orders', status: 201 as const };
        const { status, body } = await runIntake(deps.intake, request, route, (em) =>
          placePurchaseOrder(em, deps, request.body, username),
        );
        return reply.status(status).send(body);
      },
    );

    await app.register(purchaseOrderListRoutes(deps));

    app.get(
      '/purchase-orders/:orderNumber',
      {
        config: { roles: ANY_ROLE },
        schema: {
          ...routeDocs({
            summary: 'Read a purchase order',
            description:
              'One purchase order with its lines (ordered, received and open quantity, due date), the deliveries ' +
              'received so far (dated when the goods arrived) and, when closed short, why. Reads only.',
            errors: ['NOT_FOUND'],
          }),
          tags: ['purchasing'],
          params: z.object({ orderNumber: z.string().max(30) }),
          response: { 200: purchaseOrderDetail },
        },
      },
      async (request) => {
        const found = await readPurchaseOrder(deps.orm.em.fork(), request.params.orderNumber);
        if (!found) throw new ApiError('NOT_FOUND', `No purchase order ${request.params.orderNumber}`);
        return found;
      },
    );

    app.post(
      '/purchase-orders/:orderNumber/close',
      {
        config: { roles: ['clerk', 'admin'] },
        schema: {
          ...routeDocs({
            summary: 'Close a purchase order short',
            description:
              'The supplier will not deliver the rest: the receipt workflow withdraws the open goods-receipt task and ' +
              'closes the order short with the reason (after a delivery being put away is finished). Accepted (202); the ' +
              "order's status turns `closed-short` moments later. Only an open or partly received order can be closed.",
            errors: ['NOT_FOUND', 'PURCHASE_ORDER_NOT_OPEN', 'VALIDATION_FAILED'],
          }),
          tags: ['purchasing'],
          params: z.object({ orderNumber: z.string().max(30) }),
          body: closePurchaseOrderBody,
          response: {
            202: z.object({ orderNumber: z.string(), workflowId: z.string(), status: z.literal('closing') }),
          },
        },
      },
      async (request, reply) => {
        const { orderNumber } = request.params;
        const closedBy = currentUser(request).username;
        const workflowId = await requestCloseShort(deps, orderNumber, { reason: request.body.reason, closedBy });
        return reply.status(202).send({ orderNumber, workflowId, status: 'closing' as const });
      },
    );
  };
}
