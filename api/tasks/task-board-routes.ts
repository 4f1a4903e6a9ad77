import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { MikroORM } from '@mikro-orm/postgresql';
import { ANY_ROLE, currentUser } from '../auth/auth-hook';
import { listAll, listEntities } from '../master-data';
import { sendCsv } from '../master-data/csv-endpoints';
import { routeDocs } from '../openapi/route-docs';
import { pageOf } from '../pagination';
import { assignTask, taskAssignees } from './task-assignment';
import { BOARD_CSV, BOARD_LIST, boardQuery, taskOf } from './task-board';
import { MAX_NEXT_WAIT_MS, nextTask } from './task-next';
import { TASK_OVERSEERS } from './task-permissions';
import { taskSchema } from './task-schemas';

const idParams = z.object({ id: z.string().min(1).max(100) });
const assignBody = z.object({
  assignee: z.string().min(1).max(64).nullable().describe('Username to give the task to; null returns it to the inbox'),
});
const assigneeSchema = z.object({ username: z.string(), displayName: z.string() });
const nextQuery = z.object({
  after: z.string().min(1).max(100).describe('The task just done'),
  waitMs: z.coerce
    .number()
    .int()
    .min(0)
    .max(MAX_NEXT_WAIT_MS)
    .default(0)
    .describe("How long to wait for the process's next task while it still runs (milliseconds)"),
});
const nextSchema = z.object({ task: taskSchema.nullable(), sameProcess: z.boolean() });

/** The supervisor's board (every task, assignment) and the worker's "next task" after finishing one. */
export function taskBoardRoutes(deps: { orm: MikroORM }): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/board',
      {
        config: { roles: TASK_OVERSEERS },
        schema: {
          ...routeDocs({
            summary: 'List every task (supervisor board)',
            description:
              'Every task whoever holds it, for supervisors and admins: search, sort, paging and filters by status ' +
              '(`active` = open or claimed), assignee (`none` = unassigned), role and process type. Reads only.',
          }),
          tags: ['tasks'],
          querystring: boardQuery,
          response: { 200: pageOf(taskSchema) },
        },
      },
      async (request) => {
        const page = await listEntities(deps.orm.em.fork(), BOARD_LIST, request.query);
        return { ...page, items: page.items.map(taskOf) };
      },
    );

    app.get(
      '/board/export.csv',
      {
        config: { roles: TASK_OVERSEERS },
        schema: {
          ...routeDocs({
            summary: 'Export the task board as CSV',
            description: "Every task the board's filters find (all pages), as CSV. Reads only.",
          }),
          tags: ['tasks'],
          querystring: boardQuery.omit({ page: true, pageSize: true }),
          produces: ['text/csv'],
          response: { 200: z.string().describe('CSV text, CRLF line ends') },
        },
      },
      async (request, reply) => {
        const query = { ...request.query, page: 1, pageSize: 1 };
        const tasks = await listAll(deps.orm.em.fork(), BOARD_LIST, query);
        return sendCsv(reply, 'tasks.csv', BOARD_CSV, tasks.map(taskOf));
      },
    );

    app.get(
      '/next',
      {
        config: { roles: ANY_ROLE },
        schema: {
          ...routeDocs({
            summary: 'The next task to do',
            description:
              'After finishing `after`: the next open task the caller can do (free or theirs, in one of their roles); ' +
              "the same process's first, waiting up to `waitMs` for its workflow to open it while the process runs " +
              'and has opened nothing else, then the earliest due, most urgent, oldest. `task` is null when nothing is ' +
              'left. Reads only.',
            errors: ['TASK_NOT_FOUND'],
          }),
          tags: ['tasks'],
          querystring: nextQuery,
          response: { 200: nextSchema },
        },
      },
      async (request) => nextTask(deps.orm, currentUser(request), request.query.after, request.query.waitMs),
    );

    app.get(
      '/:id/assignees',
      {
        config: { roles: TASK_OVERSEERS },
        schema: {
          ...routeDocs({
            summary: 'Who a task can be assigned to',
            description: "The active users holding the task's role, by name. Reads only.",
            errors: ['TASK_NOT_FOUND'],
          }),
          tags: ['tasks'],
          params: idParams,
          response: { 200: z.object({ items: z.array(assigneeSchema) }) },
        },
      },
      async (request) => ({ items: await taskAssignees(deps.orm, request.params.id) }),
    );

    app.post(
      '/:id/assign',
      {
        config: { roles: TASK_OVERSEERS },
        schema: {
          ...routeDocs({
            summary: 'Assign a task',
            description:
              "Gives the open task to a user holding its role (or back to the role's inbox with `null`), whoever " +
              'held it; supervisors and admins. Audited with who took it from whom.',
            errors: ['TASK_NOT_FOUND', 'TASK_FINISHED'],
          }),
          tags: ['tasks'],
          params: idParams,
          body: assignBody,
          response: { 200: taskSchema },
        },
      },
      async (request) => assignTask(deps.orm, request.params.id, currentUser(request), request.body.assignee),
    );
  };
}
