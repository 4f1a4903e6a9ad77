import type { MikroORM } from '@mikro-orm/postgresql';
import type { Client } from '@temporalio/client';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Role } from '../../db/entities';
import { ANY_ROLE, currentUser } from '../auth/auth-hook';
import { ApiError } from '../errors';
import { idempotencyHeaders, runIntake, type IntakeContext } from '../intake/intake';
import { routeDocs } from '../openapi/route-docs';
import { readSubcontractOrder } from './subcontract-order-detail';
import { subcontractOrderListRoutes } from './subcontract-order-list';
import {
  cancelSubcontractOrderBody,
  createdSubcontractOrder,
  createSubcontractOrderBody,
  subcontractOrderDetail,
  subcontractOrderNumberParams,
} from './subcontract-order-schemas';
import { cancelSubcontractOrder, createSubcontractOrder } from './subcontract-order-service';
import { signalSubcontractCancel } from './subcontract-process';

export interface SubcontractOrderRouteDeps {
  orm: MikroORM;
  intake: IntakeContext;
  /** Where the order's process is told of a cancel. */
  temporal: Client;
  /** The task queue new orders' processes start on. */
  taskQueue: string;
}

/** Who orders from subcontractors: planners (MRP's orders too) and purchasing clerks, as for purchase orders. */
const ORDERING_ROLES: readonly Role[] = ['planner', 'clerk', 'admin'];

/** Subcontract orders: a supplier makes an item from components we send, for a fee per unit. */
export function subcontractOrderRoutes(deps: SubcontractOrderRouteDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/',
      {
        config: { roles: ORDERING_ROLES },
        schema: {
          ...routeDocs({
            summary: 'Create a subcontract order',
            description:
              'Stores a draft subcontract order with its components: the ones given, else the BOM of the item in ' +
              'effect today (phantoms passed through, all provided by us). Refused, naming the field, with nothing ' +
              'stored: an unknown or deactivated supplier (supplierCode), item (itemSku) or component ' +
              '(components[i].itemSku), a quantity not above zero (quantity), an unknown or virtual warehouse ' +
              '(warehouseCode), no fee given and no supplier price (feePerUnit), the item as its own component or a ' +
              'component twice, a customer-provided component without a known customer (components[i].customerCode), ' +
              'no components and no BOM (components). Send an Idempotency-Key to retry safely.',
            errors: [
              'VALIDATION_FAILED',
              'UNKNOWN_ITEM',
              'UNKNOWN_SUPPLIER',
              'UNKNOWN_WAREHOUSE',
              'RECORD_INACTIVE',
              'PROCESS_UNAVAILABLE',
              'IDEMPOTENCY_KEY_REUSED',
            ],
          }),
          tags: ['subcontracting'],
          headers: idempotencyHeaders,
          body: createSubcontractOrderBody,
          response: { 201: createdSubcontractOrder },
        },
      },
      async (request, reply) => {
        const username = currentUser(request).username;
        const route = { route: 'POST /api/subcontract-orders', status: 201 as const };
        const { status, body } = await runIntake(deps.intake, request, route, (em) =>
          createSubcontractOrder(em, request.body, username, deps.taskQueue),
        );
        return reply.status(status).send(body);
      },
    );

    await app.register(subcontractOrderListRoutes(deps));

    app.get(
      '/:orderNumber',
      {
        config: { roles: ANY_ROLE },
        schema: {
          ...routeDocs({
            summary: 'Read a subcontract order',
            description:
              'The order with its supplier, item, fee and status; each component with its required quantity and what ' +
              'was sent, consumed, scrapped, returned and is still at the supplier; and the deliveries of finished ' +
              'goods. Reads only.',
            errors: ['NOT_FOUND'],
          }),
          tags: ['subcontracting'],
          params: subcontractOrderNumberParams,
          response: { 200: subcontractOrderDetail },
        },
      },
      async (request) => {
        const found = await readSubcontractOrder(deps.orm.em.fork(), request.params.orderNumber);
        if (!found) throw new ApiError('NOT_FOUND', `No subcontract order ${request.params.orderNumber}`);
        return found;
      },
    );

    app.post(
      '/:orderNumber/cancel',
      {
        config: { roles: ORDERING_ROLES },
        schema: {
          ...routeDocs({
            summary: 'Cancel a subcontract order',
            description:
              'Cancels a draft or approved order while none of its components has been sent, recording the reason, ' +
              'who and when. Once anything is at the supplier, or the order is further along, it is refused (409).',
            errors: ['VALIDATION_FAILED', 'NOT_FOUND', 'ORDER_NOT_CANCELLABLE'],
          }),
          tags: ['subcontracting'],
          params: subcontractOrderNumberParams,
          body: cancelSubcontractOrderBody,
          response: { 200: z.object({ orderNumber: z.string(), status: z.literal('cancelled') }) },
        },
      },
      async (request) => {
        const by = currentUser(request).username;
        const cancelled = await cancelSubcontractOrder(deps.orm, request.params.orderNumber, request.body.reason, by);
        await signalSubcontractCancel(deps.temporal, cancelled.workflowId, { reason: request.body.reason, by });
        return { orderNumber: cancelled.orderNumber, status: cancelled.status };
      },
    );
  };
}
