import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Role } from '../../db/entities';
import {
  getMergedIssueStateQuery,
  mergedIssueWorkflowId,
  pickNowSignal,
  type MergedIssueState,
} from '../../workflows/merged-issue/merged-issue.contract';
import { ANY_ROLE } from '../auth/auth-hook';
import { ApiError } from '../errors';
import { routeDocs } from '../openapi/route-docs';

/** Who may end a batch's gathering window: whoever plans production. */
const PLANNING_ROLES: readonly Role[] = ['planner', 'supervisor', 'admin'];

const warehouseParams = z.object({ warehouse: z.string().min(1).max(40).describe('Warehouse code, e.g. MAIN') });

const share = z.object({ orderNumber: z.string(), lineNo: z.number(), quantity: z.number() });
const mergedIssueBatch = z.object({
  warehouseCode: z.string(),
  batchId: z.string().describe("The batch's id (its run): the orders and the issue's idempotency key carry it"),
  status: z.enum(['gathering', 'picking', 'issuing', 'issued']),
  orders: z.array(
    z.object({
      orderNumber: z.string(),
      workflowId: z.string(),
      dueDate: z.string(),
      status: z.enum(['joined', 'withdrawn', 'issued', 'refused']),
      refusal: z.string().optional(),
    }),
  ),
  lines: z.array(
    z.object({
      sku: z.string(),
      location: z.string(),
      lotCode: z.string().nullable(),
      expiresOn: z.string().nullable(),
      total: z.number(),
      shares: z.array(share),
    }),
  ),
  taskId: z.string().nullable(),
  waiting: z.array(z.string()).describe('Orders that joined while this batch was picking: the next batch'),
});

/** The warehouse's latest batch, or null when none ever ran. */
async function batchOf(temporal: Client, warehouse: string): Promise<MergedIssueState | null> {
  try {
    return await temporal.workflow.getHandle(mergedIssueWorkflowId(warehouse)).query(getMergedIssueStateQuery);
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) return null;
    throw error;
  }
}

/** Merged material issues: one pick task for the merged components of several production orders of a warehouse. */
export function mergedIssueRoutes(deps: { temporal: Client }): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/:warehouse',
      {
        config: { roles: ANY_ROLE },
        schema: {
          ...routeDocs({
            summary: "Read a warehouse's merged-issue batch",
            description:
              "The warehouse's latest merged-issue batch: gathering (orders joining, until the window ends or a " +
              'planner says pick now), picking (one clerk task), issuing or issued; its orders with how their share ' +
              'went, the pick lines per item, bin and lot with each order share, and the orders waiting for the next ' +
              'batch. 404 when the warehouse never had one. Reads only.',
            errors: ['NOT_FOUND'],
          }),
          tags: ['manufacturing'],
          params: warehouseParams,
          response: { 200: mergedIssueBatch },
        },
      },
      async (request) => {
        const batch = await batchOf(deps.temporal, request.params.warehouse);
        if (!batch) throw new ApiError('NOT_FOUND', `No merged-issue batch in ${request.params.warehouse}`);
        return batch;
      },
    );

    app.post(
      '/:warehouse/pick-now',
      {
        config: { roles: PLANNING_ROLES },
        schema: {
          ...routeDocs({
            summary: "End a merged-issue batch's gathering now",
            description:
              "Ends the gathering window of the warehouse's merged-issue batch (signal pickNow): the clerk's one " +
              'pick task for the orders joined so far opens at once; orders joining later wait for the next batch. ' +
              'Accepted (202); 404 when no batch of the warehouse is gathering.',
            errors: ['NOT_FOUND'],
          }),
          tags: ['manufacturing'],
          params: warehouseParams,
          response: {
            202: z.object({ warehouseCode: z.string(), batchId: z.string(), accepted: z.literal(true) }),
          },
        },
      },
      async (request, reply) => {
        const { warehouse } = request.params;
        const batch = await batchOf(deps.temporal, warehouse);
        if (!batch || batch.status !== 'gathering') {
          throw new ApiError('NOT_FOUND', `No merged-issue batch is gathering in ${warehouse}`, 'warehouse');
        }
        await deps.temporal.workflow.getHandle(mergedIssueWorkflowId(warehouse)).signal(pickNowSignal);
        return reply.status(202).send({ warehouseCode: warehouse, batchId: batch.batchId, accepted: true as const });
      },
    );
  };
}
