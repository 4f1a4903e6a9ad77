import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { Client } from '@temporalio/client';
import { query } from '../../db/sql';
import { ANY_ROLE, currentUser } from '../auth/auth-hook';
import { unavailableDependency } from '../dependency-errors';
import { ApiError } from '../errors';
import { TASK_COLUMNS, taskSchema, toTask } from '../tasks/task-schemas';
import { User } from '../../db/entities';
import { businessTimeline } from './business-timeline';
import { summariseHistory } from './history-summary';
import { processInstanceSchema, processListRoutes, toInstance } from './process-list';
import { routeDocs } from '../openapi/route-docs';
import { withTimeout } from '../timeout';

const QUERY_TIMEOUT_MS = 3_000;

/** Process instances: the list comes from the PostgreSQL projection, the detail adds live Temporal data. */
export function processRoutes(deps: { orm: MikroORM; temporal: Client; temporalUiUrl: string }): FastifyPluginAsyncZod {
  return async (app) => {
    await app.register(processListRoutes(deps));

    app.get(
      '/:workflowId',
      {
        config: { roles: ANY_ROLE },
        schema: {
          ...routeDocs({
            summary: 'Read a process instance',
            description:
              'One workflow: its projection row, its live state (a Temporal query, null when no worker answers within ' +
              '3 s), its tasks, a summary of its event history and a link to the Temporal UI. Reads only.',
            errors: ['NOT_FOUND'],
          }),
          tags: ['processes'],
          params: z.object({ workflowId: z.string().max(200) }),
          response: {
            200: z.object({
              instance: processInstanceSchema,
              state: z.unknown().nullable(),
              tasks: z.array(taskSchema),
              history: z.array(
                z.object({ eventId: z.number(), time: z.string(), type: z.string(), summary: z.string() }),
              ),
              /** The same history in business terms (credit checked, picked by …), with the person of each human step. */
              timeline: z.array(
                z.object({
                  time: z.string(),
                  summary: z.string(),
                  actor: z.string().nullable(),
                  eventId: z.number().nullable(),
                }),
              ),
              /**
               * The instance in the Temporal Web UI, for admins only (null for everyone else): the UI offers Reset,
               * Terminate and Cancel outside the console's audited actions.
               */
              temporalUiUrl: z.string().nullable(),
            }),
          },
        },
      },
      async (request) => {
        const { workflowId } = request.params;
        const em = deps.orm.em.fork();
        const [row] = await query<Record<string, unknown>>(em, 'select * from process_instance where workflow_id = ?', [
          workflowId,
        ]);
        if (!row) throw new ApiError('NOT_FOUND', `No process instance ${workflowId}`);
        const tasks = await query<Record<string, unknown>>(
          em,
          `select ${TASK_COLUMNS} from human_task where workflow_id = ? order by created_at`,
          [workflowId],
        );
        const handle = deps.temporal.workflow.getHandle(workflowId);
        // No history yet (a start still queued) shows as none; Temporal unreachable is a 503, not an empty page.
        const events = await handle.fetchHistory().then(
          (h) => h.events ?? [],
          (error: unknown) => {
            if (unavailableDependency(error)) throw error;
            return [];
          },
        );
        const history = summariseHistory(events);
        const taskRows = tasks.map(toTask);
        // Display names of the people the timeline names (human steps say "Carla Clerk", not "clerk").
        const people = await em.find(User, {}, { fields: ['username', 'displayName'] });
        const names = new Map(people.map((person) => [person.username, person.displayName]));
        const timeline = businessTimeline(events, taskRows, names, null);
        // A query replays the workflow on a worker; without one it would wait, so the page does not. The deadline
        // ends the call itself (a call merely abandoned would go on, and retry, after the answer was sent).
        const { connection } = deps.temporal;
        const state = await withTimeout(
          connection.withDeadline(Date.now() + QUERY_TIMEOUT_MS, () => handle.query<unknown>('getState')),
          QUERY_TIMEOUT_MS + 1_000,
        ).catch(() => null);
        const encoded = encodeURIComponent(workflowId);
        return {
          instance: toInstance(row),
          state,
          tasks: taskRows,
          history,
          timeline,
          temporalUiUrl: currentUser(request).roles.includes('admin')
            ? `${deps.temporalUiUrl}/namespaces/${deps.temporal.options.namespace}/workflows/${encoded}`
            : null,
        };
      },
    );
  };
}
