import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { Client } from '@temporalio/client';
import { z } from 'zod';
import { ANY_ROLE, currentUser } from '../auth/auth-hook';
import { routeDocs } from '../openapi/route-docs';
import { completeTask } from '../tasks/task-service';
import { taskSchema } from '../tasks/task-schemas';
import {
  dispositionBody,
  inspectionLotDetail,
  inspectionLotListQuerystring,
  inspectionLotSummary,
  lotNoParams,
} from './inspection-lot-schemas';
import { inspectionLotDetail as detailOf, listInspectionLots, openDispositionTask } from './inspection-lot-service';

const tags = ['quality'];

/** Inspection lots (issue 16): the list and detail the console reads, and a disposition sent to a lot. */
export function inspectionLotRoutes(deps: { orm: MikroORM; temporal: Client }): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/inspection-lots',
      {
        config: { roles: ANY_ROLE },
        schema: {
          tags,
          ...routeDocs({
            summary: 'Inspection lots',
            description:
              'Inspection lots, newest first (at most 500), filtered by status, supplier, item and purchase order. ' +
              'Reads only.',
            errors: [],
          }),
          querystring: inspectionLotListQuerystring,
          response: { 200: z.object({ items: z.array(inspectionLotSummary) }) },
        },
      },
      async (request) => ({ items: await listInspectionLots(deps.orm.em.fork(), request.query) }),
    );

    app.get(
      '/inspection-lots/:lotNo',
      {
        config: { roles: ANY_ROLE },
        schema: {
          tags,
          ...routeDocs({
            summary: 'An inspection lot',
            description:
              'One lot: the sampling decision as made (facts, rule and version, outranked rules and why they lost, ' +
              'its reason), the readings as judged, the disposition split and the nonconformances. 404 NOT_FOUND ' +
              '(lotNo) for an unknown lot.',
            errors: ['NOT_FOUND'],
          }),
          params: lotNoParams,
          response: { 200: inspectionLotDetail },
        },
      },
      async (request) => detailOf(deps.orm.em.fork(), request.params.lotNo),
    );

    app.post(
      '/inspection-lots/:lotNo/disposition',
      {
        config: { roles: ['admin', 'quality-engineer'] },
        schema: {
          tags,
          ...routeDocs({
            summary: 'Dispose an inspection lot',
            description:
              "Completes the lot's open disposition task with this split, as the task form does. Refused naming the " +
              'field, writing nothing: an unknown lot (404 NOT_FOUND, lotNo), a lot still being inspected (400 ' +
              'VALIDATION_FAILED, lotNo), a disposed lot (409 TASK_FINISHED), a split that does not add up to the ' +
              'lot (400 TASK_PAYLOAD_INVALID, payload.parts).',
            errors: [
              'NOT_FOUND',
              'VALIDATION_FAILED',
              'TASK_NOT_FOUND',
              'TASK_FINISHED',
              'TASK_CLAIMED_BY_OTHER',
              'TASK_PAYLOAD_INVALID',
              'PROCESS_UNAVAILABLE',
            ],
          }),
          params: lotNoParams,
          body: dispositionBody,
          response: { 200: taskSchema },
        },
      },
      async (request) => {
        const taskId = await openDispositionTask(deps.orm.em.fork(), request.params.lotNo);
        return completeTask(deps, taskId, currentUser(request), { ...request.body });
      },
    );
  };
}
