import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { MikroORM } from '@mikro-orm/postgresql';
import { ANY_ROLE, currentUser, type AuthUser } from '../auth/auth-hook';
import { routeDocs } from '../openapi/route-docs';
import { TaskEventHub, type TaskChange } from './task-event-hub';

/** Comment lines keep proxies and the browser from closing an idle stream. */
const HEARTBEAT_MS = 20_000;
/**
 * One event of the stream as a client parses it (`event`, `data`, optional `id` and `retry`): documented per event,
 * so a conforming client (and Schemathesis, which reads each event against it) knows what arrives.
 */
const taskEventSchema = z
  .object({
    event: z.literal('task'),
    data: z
      .string()
      .describe(
        'JSON of the task change: { id, workflowId, status, candidateRole, assignee (null when unassigned), ' +
          "op ('insert' | 'update') }",
      ),
    id: z.string().optional(),
    retry: z.number().int().optional(),
  })
  .describe('One server-sent event; comment lines (heartbeats) carry no event');

/** Roles that see every task on the board, so every change concerns them. */
const SEES_ALL: readonly string[] = ['admin', 'supervisor', 'auditor'];

/** A change concerns the user when the task is in one of their roles' inboxes or was or is assigned to them. */
export function concerns(change: TaskChange, user: AuthUser): boolean {
  if (user.roles.some((role) => SEES_ALL.includes(role))) return true;
  if ((user.roles as string[]).includes(change.candidateRole)) return true;
  return change.assignee === user.username || change.previousAssignee === user.username;
}

/**
 * `GET /api/tasks/events`: server-sent events, one `task` event per task created, claimed, assigned, completed or
 * withdrawn that concerns the caller. Authenticated like every route, by the `Authorization` header: the console
 * reads the stream with `fetch` (EventSource cannot send headers), so no token ever travels in a URL.
 */
export function taskEventRoutes(orm: MikroORM): FastifyPluginAsyncZod {
  return async (app) => {
    const hub = new TaskEventHub(orm);
    app.addHook('onClose', () => hub.close());

    app.get(
      '/events',
      {
        config: { roles: ANY_ROLE },
        schema: {
          ...routeDocs({
            summary: 'Stream task changes (server-sent events)',
            description:
              'A `text/event-stream` that sends `event: task` with `{ id, workflowId, status, candidateRole, assignee, op }` ' +
              "whenever a task in the caller's roles (or assigned to them) is created or changes, as PostgreSQL commits " +
              'it. Send the bearer token in the Authorization header (read the stream with fetch). Reads only.',
          }),
          tags: ['tasks'],
          produces: ['text/event-stream'],
          response: { 200: taskEventSchema },
        },
      },
      async (request, reply) => {
        const user = currentUser(request);
        const unsubscribe = await hub.subscribe((change) => {
          if (!concerns(change, user)) return;
          const event = { ...change, previousAssignee: undefined };
          reply.raw.write(`event: task\ndata: ${JSON.stringify(event)}\n\n`);
        });
        reply.hijack();
        reply.raw.writeHead(200, {
          'content-type': 'text/event-stream; charset=utf-8',
          'cache-control': 'no-cache, no-transform',
          connection: 'keep-alive',
          'x-accel-buffering': 'no',
        });
        reply.raw.write('retry: 3000\n: connected\n\n');
        const heartbeat = setInterval(() => reply.raw.write(': keep-alive\n\n'), HEARTBEAT_MS);
        request.raw.on('close', () => {
          clearInterval(heartbeat);
          unsubscribe();
        });
      },
    );
  };
}
