import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { Client } from '@temporalio/client';
import { ANY_ROLE, currentUser } from '../auth/auth-hook';
import { claimTask, completeTask, loadTask, unclaimTask } from './task-service';
import { completeTaskBody, TASK_COLUMNS, taskSchema } from './task-schemas';
import { taskListRoutes } from './task-list';
import { routeDocs } from '../openapi/route-docs';
import { taskBoardRoutes } from './task-board-routes';

const idParams = z.object({ id: z.string().min(1).max(100) });
const WORKERS = ['admin', 'clerk', 'planner', 'controller', 'supervisor', 'inspector', 'quality-engineer'] as const;

/** The task inbox: list, claim, unclaim, complete (the last goes through the workflow's update). */
export function taskRoutes(deps: { orm: MikroORM; temporal: Client }): FastifyPluginAsyncZod {
  return async (app) => {
    await app.register(taskListRoutes(deps));
    await app.register(taskBoardRoutes(deps));

    app.get(
      '/:id',
      {
        config: { roles: ANY_ROLE },
        schema: {
          ...routeDocs({
            summary: 'Read a task',
            description: 'One human task with its payload, form and assignment. Reads only.',
            errors: ['TASK_NOT_FOUND'],
          }),
          tags: ['tasks'],
          params: idParams,
          response: { 200: taskSchema },
        },
      },
      async (request) => loadTask(deps.orm.em.fork(), request.params.id),
    );

    app.post(
      '/:id/claim',
      {
        config: { roles: WORKERS },
        schema: {
          ...routeDocs({
            summary: 'Claim a task',
            description: 'Assigns the open task to the caller, so colleagues see it is taken. Audited.',
            errors: ['TASK_NOT_FOUND', 'TASK_FINISHED', 'TASK_CLAIMED_BY_OTHER'],
          }),
          tags: ['tasks'],
          params: idParams,
          response: { 200: taskSchema },
        },
      },
      async (request) => claimTask(deps.orm, request.params.id, currentUser(request)),
    );

    app.post(
      '/:id/unclaim',
      {
        config: { roles: WORKERS },
        schema: {
          ...routeDocs({
            summary: 'Give a task back',
            description: 'Returns a task the caller claimed to the open pool of its role. Audited.',
            errors: ['TASK_NOT_FOUND', 'TASK_FINISHED', 'TASK_CLAIMED_BY_OTHER'],
          }),
          tags: ['tasks'],
          params: idParams,
          response: { 200: taskSchema },
        },
      },
      async (request) => unclaimTask(deps.orm, request.params.id, currentUser(request)),
    );

    app.post(
      '/:id/complete',
      {
        config: { roles: WORKERS },
        schema: {
          ...routeDocs({
            summary: 'Complete a task',
            description:
              "Completes the task through its workflow's `completeTask` update, stamped with the caller: the workflow " +
              'validates the payload (a refusal leaves no trace), then carries on with the next step (posting, shipping ...). ' +
              'A goods receipt dated into a closed period is refused PERIOD_CLOSED, into a month never opened or open ' +
              'before a closed one PERIOD_BEFORE_CLOSED, into a month soft-locked by its close under way ' +
              'PERIOD_SOFT_LOCKED; each names payload.receivedAt, posts nothing and leaves the task open.',
            errors: [
              'TASK_NOT_FOUND',
              'TASK_FINISHED',
              'TASK_CLAIMED_BY_OTHER',
              'TASK_PAYLOAD_INVALID',
              'PERIOD_CLOSED',
              'PERIOD_BEFORE_CLOSED',
              'PERIOD_SOFT_LOCKED',
              'PROCESS_UNAVAILABLE',
            ],
          }),
          tags: ['tasks'],
          params: idParams,
          body: completeTaskBody,
          response: { 200: taskSchema },
        },
      },
      async (request) => completeTask(deps, request.params.id, currentUser(request), request.body.payload),
    );
  };
}

export { TASK_COLUMNS };
