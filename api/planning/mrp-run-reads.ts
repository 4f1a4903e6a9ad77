import type { MikroORM } from '@mikro-orm/postgresql';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Role } from '../../db/entities';
import { routeDocs } from '../openapi/route-docs';
import { readMrpItemGrid, readMrpRun } from './mrp-run-read-detail';
import { mrpRunListRoutes } from './mrp-run-read-list';
import { readPegging } from './mrp-run-read-pegging';
import {
  mrpItemGrid,
  mrpRunDetail,
  mrpRunIdParams,
  mrpRunItemParams,
  peggingQuery,
  peggingTree,
  plannedOrderFilter,
} from './mrp-run-read-schemas';

/** Who reads plans: planners, their supervisors, admins and auditors. */
const PLAN_READERS: readonly Role[] = ['planner', 'supervisor', 'admin', 'auditor'];

/**
 * MRP runs to read (registered under `/api/mrp-runs`): the run list with progress, a run's plan, one item's MRP
 * grid, and the pegging of a planned order, a supply or a demand both ways. Reads only.
 */
export function mrpRunReadRoutes(orm: MikroORM): FastifyPluginAsyncZod {
  return async (app) => {
    await app.register(mrpRunListRoutes({ orm }));

    app.get(
      '/:id',
      {
        config: { roles: PLAN_READERS },
        schema: {
          ...routeDocs({
            summary: 'Read an MRP run',
            description:
              'The run (status, progress by low-level code, the lot-sizing version it planned with, the counts of ' +
              'its plan), its planned orders with the demands each serves (filtered by type, status or item), its ' +
              'exception messages and the items it could not plan with the reason. 404 naming the run. Reads only.',
            errors: ['VALIDATION_FAILED', 'NOT_FOUND'],
          }),
          tags: ['planning'],
          params: mrpRunIdParams,
          querystring: plannedOrderFilter,
          response: { 200: mrpRunDetail },
        },
      },
      async (request) => readMrpRun(orm.em.fork(), request.params.id, request.query),
    );

    app.get(
      '/:id/items/:sku',
      {
        config: { roles: PLAN_READERS },
        schema: {
          ...routeDocs({
            summary: "Read an item's MRP grid",
            description:
              "One item's plan in a run: the buckets with their dates, per bucket gross requirements, scheduled " +
              'receipts, expired stock, projected on hand, net requirement, planned receipts and releases; its ' +
              'safety stock, lot size and the reason the lot-sizing rules gave; its planned orders with their pegs, ' +
              'what its existing supplies serve and its exception messages. 404 naming the run or the item (sku). ' +
              'Reads only.',
            errors: ['VALIDATION_FAILED', 'NOT_FOUND'],
          }),
          tags: ['planning'],
          params: mrpRunItemParams,
          response: { 200: mrpItemGrid },
        },
      },
      async (request) => readMrpItemGrid(orm.em.fork(), request.params.id, request.params.sku),
    );

    app.get(
      '/:id/pegging',
      {
        config: { roles: PLAN_READERS },
        schema: {
          ...routeDocs({
            summary: 'Walk the pegging of a planned order, a supply or a demand',
            description:
              'Both ways, as trees listed depth first. Up from a planned order or a supply: the demands it serves ' +
              'with the quantity, through the parent planned orders of dependent demand, up to sales-order lines, ' +
              'forecasts or safety stock. Down from a planned order or a demand (a sales-order line): the supplies ' +
              "and planned orders serving it, then their components' planned orders and supplies. 404 naming ref " +
              'when the run knows nothing by it. Reads only.',
            errors: ['VALIDATION_FAILED', 'NOT_FOUND'],
          }),
          tags: ['planning'],
          params: mrpRunIdParams,
          querystring: peggingQuery,
          response: { 200: peggingTree },
        },
      },
      async (request) => readPegging(orm.em.fork(), request.params.id, request.query.ref),
    );
  };
}
