import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { num, query } from '../../db/sql';
import { ANY_ROLE, currentUser } from '../auth/auth-hook';
import { ApiError } from '../errors';
import { placePurchaseOrder, type PurchasingServiceDeps } from './purchasing-service';
import { idempotencyHeaders, runIntake } from '../intake/intake';
import { createPurchaseOrderBody, purchaseOrderDetail } from './purchasing-schemas';
import { listRow } from '../lists/sql-list';
import { purchaseOrderListRoutes, purchaseOrderListSpec } from './purchase-order-list';
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
            description: 'One purchase order with its lines and the quantities received so far. Reads only.',
            errors: ['NOT_FOUND'],
          }),
          tags: ['purchasing'],
          params: z.object({ orderNumber: z.string().max(30) }),
          response: { 200: purchaseOrderDetail },
        },
      },
      async (request) => {
        const em = deps.orm.em.fork();
        const found = await listRow(em, purchaseOrderListSpec, 'po.id', 'po.order_number = ?', [
          request.params.orderNumber,
        ]);
        if (!found) throw new ApiError('NOT_FOUND', `No purchase order ${request.params.orderNumber}`);
        const lines = await query<Record<string, unknown>>(
          em,
          `select l.line_no, i.sku, i.name, i.uom, l.quantity, l.received_quantity, l.unit_cost
             from purchase_order_line l join item i on i.id = l.item_id where l.order_id = ? order by l.line_no`,
          [found.id],
        );
        return {
          ...found.row,
          lines: lines.map((l) => ({
            lineNo: num(l.line_no),
            itemSku: String(l.sku),
            itemName: String(l.name),
            uom: String(l.uom),
            orderedQuantity: num(l.quantity),
            receivedQuantity: num(l.received_quantity),
            unitCost: num(l.unit_cost),
          })),
        };
      },
    );
  };
}
