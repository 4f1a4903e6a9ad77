import type { MikroORM } from '@mikro-orm/postgresql';
import type { Client } from '@temporalio/client';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Role } from '../../../db/entities';
import { ANY_ROLE, currentUser } from '../../auth/auth-hook';
import { ApiError } from '../../errors';
import { idempotencyHeaders, runIntake, type IntakeContext } from '../../intake/intake';
import { routeDocs } from '../../openapi/route-docs';
import { patchProductionOrder, requestCancel } from './production-order-actions';
import { readProductionOrder } from './production-order-detail';
import { productionOrderListRoutes } from './production-order-list';
import {
  cancelProductionOrderBody,
  createdProductionOrder,
  createProductionOrderBody,
  patchProductionOrderBody,
  productionOrderDetail,
  productionOrderNumberParams,
} from './production-order-schemas';
import { createProductionOrder } from './production-order-service';

export interface ProductionOrderRouteDeps {
  orm: MikroORM;
  temporal: Client;
  taskQueue: string;
  intake: IntakeContext;
}

/** Who plans production: creates, changes and cancels orders. */
const PLANNING_ROLES: readonly Role[] = ['planner', 'supervisor', 'admin'];

/** Production orders: each made by its `production-order` process, from release to a closed order at cost. */
export function productionOrderRoutes(deps: ProductionOrderRouteDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/',
      {
        config: { roles: PLANNING_ROLES },
        schema: {
          ...routeDocs({
            summary: 'Create a production order',
            description:
              'Stores the order and starts its production-order process, which releases it (pins the BOM and ' +
              'routing versions in effect on startDate), kits or backflushes its components and gives clerks the ' +
              "operation and completion reports. Refused, naming the field, with nothing stored: an unknown or not-'make' " +
              'item (itemSku), no BOM or routing in effect on startDate (startDate), a quantity not above zero ' +
              '(quantity), a due date before the start date (dueDate), an unknown or virtual warehouse ' +
              '(warehouseCode). Send an Idempotency-Key to retry safely.',
            errors: [
              'VALIDATION_FAILED',
              'UNKNOWN_ITEM',
              'ITEM_NOT_MADE',
              'UNKNOWN_WAREHOUSE',
              'RECORD_INACTIVE',
              'PROCESS_UNAVAILABLE',
              'IDEMPOTENCY_KEY_REUSED',
            ],
          }),
          tags: ['manufacturing'],
          headers: idempotencyHeaders,
          body: createProductionOrderBody,
          response: { 201: createdProductionOrder },
        },
      },
      async (request, reply) => {
        const username = currentUser(request).username;
        const route = { route: 'POST /api/production-orders', status: 201 as const };
        const { status, body } = await runIntake(deps.intake, request, route, (em) =>
          createProductionOrder(em, request.body, username, deps.taskQueue),
        );
        return reply.status(status).send(body);
      },
    );

    await app.register(productionOrderListRoutes(deps));

    app.get(
      '/:number',
      {
        config: { roles: ANY_ROLE },
        schema: {
          ...routeDocs({
            summary: 'Read a production order',
            description:
              'The order with its pinned BOM and routing versions, its components (required, issued, backflushed, ' +
              'returned, issue mode and the rule decision that chose it), operations with progress, the cost so far ' +
              'per element and its WIP, and the timeline of reports and postings. Reads only.',
            errors: ['NOT_FOUND'],
          }),
          tags: ['manufacturing'],
          params: productionOrderNumberParams,
          response: { 200: productionOrderDetail },
        },
      },
      async (request) => {
        const found = await readProductionOrder(deps.orm.em.fork(), request.params.number);
        if (!found) throw new ApiError('NOT_FOUND', `No production order ${request.params.number}`);
        return found;
      },
    );

    app.patch(
      '/:number',
      {
        config: { roles: PLANNING_ROLES },
        schema: {
          ...routeDocs({
            summary: 'Change a production order',
            description:
              'Changes only planning data: note, priority, due date (not before the start date). A new due date ' +
              "reschedules a released order too: its process's overdue escalation moves with it (an open overdue " +
              'task is withdrawn when the new date is ahead, a new one opens if that passes too); when the process ' +
              'cannot be told (Temporal unreachable, 503) nothing is changed. The BOM and routing versions are ' +
              'pinned at release and never change: bomVersion or routingVersion is refused naming the field (409 ' +
              'once released). A completed, closed or cancelled order is not changed (409).',
            errors: ['VALIDATION_FAILED', 'NOT_FOUND', 'FIELD_FROZEN', 'PRODUCTION_ORDER_CLOSED'],
          }),
          tags: ['manufacturing'],
          params: productionOrderNumberParams,
          body: patchProductionOrderBody,
          response: { 200: productionOrderDetail },
        },
      },
      async (request) => {
        const { number } = request.params;
        await patchProductionOrder(deps, number, request.body, currentUser(request).username);
        const found = await readProductionOrder(deps.orm.em.fork(), number);
        if (!found) throw new ApiError('NOT_FOUND', `No production order ${number}`);
        return found;
      },
    );

    app.post(
      '/:number/cancel',
      {
        config: { roles: PLANNING_ROLES },
        schema: {
          ...routeDocs({
            summary: 'Cancel a production order',
            description:
              "Asks the order's process to cancel: it releases the kit's reservations, returns issued material to " +
              'the bins it came from at the value it was issued and sends what WIP is left to production variance. ' +
              'Accepted (202) until the order is completed; a completed, closed or cancelled order is refused (409).',
            errors: ['VALIDATION_FAILED', 'NOT_FOUND', 'PRODUCTION_ORDER_CLOSED'],
          }),
          tags: ['manufacturing'],
          params: productionOrderNumberParams,
          body: cancelProductionOrderBody,
          response: {
            202: z.object({ number: z.string(), workflowId: z.string(), accepted: z.literal(true) }),
          },
        },
      },
      async (request, reply) => {
        const { number } = request.params;
        const accepted = await requestCancel(deps, number, request.body.reason, currentUser(request).username);
        return reply.status(202).send(accepted);
      },
    );
  };
}
