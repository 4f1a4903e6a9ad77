import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { num, query } from '../../db/sql';
import { ANY_ROLE, currentUser } from '../auth/auth-hook';
import { ApiError } from '../errors';
import { MAX_INT4 } from '../pagination';
import { createOrderBody, orderDetail } from './order-schemas';
import { listRow } from '../lists/sql-list';
import { orderListRoutes, orderListSpec } from './order-list';
import { packCheckRoutes } from './pack-check-routes';
import { cancelOrder, changeOrderLines } from './order-actions';
import { mergeOrders, splitOrder } from './order-merge-split';
import { placeOrder, type OrderServiceDeps } from './order-service';
import { idempotencyHeaders, runIntake } from '../intake/intake';
import { routeDocs } from '../openapi/route-docs';

/** Routes on one order address it by its number. */
const orderParams = z.object({ orderNumber: z.string().max(30) });

/** Sales orders: placing one starts its fulfillment workflow. */
export function orderRoutes(deps: OrderServiceDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/',
      {
        config: { roles: ['clerk', 'admin'] },
        schema: {
          ...routeDocs({
            summary: 'Place a sales order',
            description:
              'Stores the order with its lines (prices fixed from the list price unless given) and starts its fulfillment ' +
              'workflow: credit check, lot allocation by the allocation rules, then pick, pack and ship tasks. The order and ' +
              'its process start commit together; the process is listed as pending until Temporal accepts it. An unknown ' +
              'customer or item is refused naming the field, and nothing is stored. Send an Idempotency-Key to retry ' +
              'safely: the same key and body answer the first order again.',
            errors: [
              'UNKNOWN_CUSTOMER',
              'UNKNOWN_ITEM',
              'RECORD_INACTIVE',
              'PROCESS_UNAVAILABLE',
              'IDEMPOTENCY_KEY_REUSED',
            ],
          }),
          tags: ['orders'],
          headers: idempotencyHeaders,
          body: createOrderBody,
          response: { 201: z.object({ orderNumber: z.string(), workflowId: z.string() }) },
        },
      },
      async (request, reply) => {
        const username = currentUser(request).username;
        const { status, body } = await runIntake(
          deps.intake,
          request,
          { route: 'POST /api/orders', status: 201 as const },
          (em) => placeOrder(em, deps, request.body, username),
        );
        return reply.status(status).send(body);
      },
    );

    app.post(
      '/:orderNumber/cancel',
      {
        config: { roles: ['clerk', 'controller', 'admin'] },
        schema: {
          ...routeDocs({
            summary: 'Cancel a sales order',
            description:
              "Asks the order's fulfillment workflow to cancel (a Temporal update with the reason and the caller): it " +
              'releases reservations, cancels open tasks and records the cancellation in the audit log. Refused once shipped.',
            errors: ['NOT_FOUND', 'ORDER_NOT_CANCELLABLE', 'ORDER_NOT_CHANGEABLE', 'ORDER_CHANGE_INVALID'],
          }),
          tags: ['orders'],
          params: orderParams,
          body: z.object({ reason: z.string().trim().min(1).max(500) }),
          response: { 200: z.object({ orderNumber: z.string(), accepted: z.literal(true), step: z.string() }) },
        },
      },
      async (request) =>
        cancelOrder(deps, request.params.orderNumber, request.body.reason, currentUser(request).username),
    );

    app.patch(
      '/:orderNumber/lines',
      {
        config: { roles: ['clerk', 'admin'] },
        schema: {
          ...routeDocs({
            summary: 'Change the quantities of order lines',
            description:
              "Changes line quantities through the order's fulfillment workflow (a Temporal update): reservations follow " +
              'the new quantities and the change is audited. Refused when a line is unknown or already shipped past the new quantity.',
            errors: ['NOT_FOUND', 'ORDER_NOT_CHANGEABLE', 'ORDER_CHANGE_INVALID', 'ORDER_NOT_CANCELLABLE'],
          }),
          tags: ['orders'],
          params: orderParams,
          body: z.object({
            lines: z
              .array(
                z.object({ lineNo: z.int().positive().max(MAX_INT4), quantity: z.number().positive().max(1_000_000) }),
              )
              .min(1),
          }),
          response: { 200: z.object({ orderNumber: z.string(), accepted: z.literal(true) }) },
        },
      },
      async (request) =>
        changeOrderLines(deps, request.params.orderNumber, request.body.lines, currentUser(request).username),
    );

    app.post(
      '/:orderNumber/merge',
      {
        config: { roles: ['clerk', 'admin'] },
        schema: {
          ...routeDocs({
            summary: 'Merge another order into this one',
            description:
              "Moves the open lines of the source order (same customer and ship-to) onto this order through both orders' " +
              'workflows; the source is cancelled. Both changes are audited. An Idempotency-Key makes a retry answer the ' +
              'first merge again.',
            errors: [
              'NOT_FOUND',
              'ORDER_CHANGE_INVALID',
              'ORDER_NOT_CHANGEABLE',
              'ORDER_NOT_CANCELLABLE',
              'PROCESS_UNAVAILABLE',
              'IDEMPOTENCY_KEY_REUSED',
            ],
          }),
          tags: ['orders'],
          headers: idempotencyHeaders,
          params: orderParams,
          body: z.object({ source: z.string().trim().min(1).max(30) }),
          response: {
            200: z.object({ orderNumber: z.string(), mergedFrom: z.string(), addedLines: z.number() }),
          },
        },
      },
      async (request, reply) => {
        const username = currentUser(request).username;
        const merged = await mergeOrders(deps, request, request.params.orderNumber, request.body.source, username);
        return reply.status(merged.status).send(merged.body);
      },
    );

    app.post(
      '/:orderNumber/split',
      {
        config: { roles: ['clerk', 'admin'] },
        schema: {
          ...routeDocs({
            summary: 'Split lines off into a new order',
            description:
              'Reduces the given lines on this order and places a new order with the split-off quantities, which starts ' +
              'its own fulfillment workflow. Both changes are audited. An Idempotency-Key makes a retry answer the first ' +
              'split again (the same new order).',
            errors: [
              'NOT_FOUND',
              'ORDER_CHANGE_INVALID',
              'ORDER_NOT_CHANGEABLE',
              'ORDER_NOT_CANCELLABLE',
              'PROCESS_UNAVAILABLE',
              'IDEMPOTENCY_KEY_REUSED',
            ],
          }),
          tags: ['orders'],
          headers: idempotencyHeaders,
          params: orderParams,
          body: z.object({
            lines: z
              .array(
                z.object({
                  lineNo: z.int().positive().max(MAX_INT4),
                  quantity: z.number().positive().max(1_000_000_000),
                }),
              )
              .min(1)
              .max(500),
          }),
          response: {
            200: z.object({ orderNumber: z.string(), newOrderNumber: z.string(), newWorkflowId: z.string() }),
          },
        },
      },
      async (request, reply) => {
        const username = currentUser(request).username;
        const split = await splitOrder(deps, request, request.params.orderNumber, request.body.lines, username);
        return reply.status(split.status).send(split.body);
      },
    );

    await app.register(orderListRoutes(deps));
    await app.register(packCheckRoutes(deps));

    app.get(
      '/:orderNumber',
      {
        config: { roles: ANY_ROLE },
        schema: {
          ...routeDocs({
            summary: 'Read a sales order',
            description:
              'One sales order with its lines (reserved and shipped quantities, unit price, value) and its total ' +
              'value. Reads only.',
            errors: ['NOT_FOUND'],
          }),
          tags: ['orders'],
          params: orderParams,
          response: { 200: orderDetail },
        },
      },
      async (request) => {
        const em = deps.orm.em.fork();
        const found = await listRow(em, orderListSpec, 'o.id', 'o.order_number = ?', [request.params.orderNumber]);
        if (!found) throw new ApiError('NOT_FOUND', `No sales order ${request.params.orderNumber}`);
        const lines = await query<Record<string, unknown>>(
          em,
          `select l.line_no, i.sku, i.name, i.uom, l.quantity, l.reserved_quantity, l.shipped_quantity, l.unit_price,
                  round(l.quantity * l.unit_price, 2) as value
             from sales_order_line l join item i on i.id = l.item_id where l.order_id = ? order by l.line_no`,
          [found.id],
        );
        const detailLines = lines.map((l) => ({
          lineNo: num(l.line_no),
          itemSku: String(l.sku),
          itemName: String(l.name),
          uom: String(l.uom),
          quantity: num(l.quantity),
          reservedQuantity: num(l.reserved_quantity),
          shippedQuantity: num(l.shipped_quantity),
          unitPrice: num(l.unit_price),
          value: num(l.value),
        }));
        const value = detailLines.reduce((sum, line) => sum + line.value, 0);
        return { ...found.row, lines: detailLines, value: Math.round(value * 100) / 100 };
      },
    );
  };
}
