import type { MikroORM } from '@mikro-orm/postgresql';
import type { Client } from '@temporalio/client';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Role } from '../../db/entities';
import { User } from '../../db/entities';
import { query } from '../../db/sql';
import { unavailableDependency } from '../dependency-errors';
import { ApiError } from '../errors';
import { routeDocs } from '../openapi/route-docs';
import { intParam } from '../pagination';
import { decisionExplanationSchema, explainDecision } from './decision-explanation';
import { HISTORY_CATEGORIES } from './history-words';
import { processHistory, type AuditRowRef } from './process-history';

/** Auditors, and admins: the whole history shows every payload, which other roles read only in business terms. */
const AUDIT_READERS: readonly Role[] = ['admin', 'auditor'];

const historyLine = z.object({
  eventId: z.number(),
  time: z.string(),
  type: z.string().describe('The Temporal event type, e.g. WORKFLOW_EXECUTION_UPDATE_ACCEPTED'),
  category: z.enum(HISTORY_CATEGORIES),
  title: z.string().describe('The event in words'),
  name: z.string().nullable().describe('The activity, update, signal or timer it concerns'),
  detail: z.string().nullable().describe('What it carried (input, result or arguments), summarised in one line'),
  bookkeeping: z.boolean().describe('Workflow-task bookkeeping (hidden by default on screen)'),
  relatedEventId: z.number().nullable(),
  updateId: z.string().nullable(),
  user: z
    .object({
      username: z.string(),
      displayName: z.string(),
      source: z
        .enum(['payload', 'audit'])
        .describe(
          '`payload`: the user the API stamped into the update or signal arguments; `audit`: the arguments name nobody, ' +
            'so the nearest human audit row of the workflow (within 30 s) names the user',
        ),
      auditId: z.number().nullable().describe('The audit row recording the same action'),
    })
    .nullable(),
  decisionIds: z.array(z.number()),
});

const decisionRef = z.object({
  id: z.number(),
  ruleSetType: z.string(),
  ruleSetCode: z.string(),
  version: z.number(),
  rule: z.string().nullable(),
  createdAt: z.string(),
});

export const processHistorySchema = z.object({
  workflowId: z.string(),
  processType: z.string(),
  businessKey: z.string(),
  status: z.string(),
  events: z.array(historyLine),
  decisions: z.array(decisionRef),
});

/**
 * The auditor's per-instance views (issue 18): the whole Temporal history in words with the user of every update and
 * signal, and one decision with why its alternatives lost. Read-only.
 */
export function processHistoryRoutes(deps: { orm: MikroORM; temporal: Client }): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/processes/:workflowId/history',
      {
        config: { roles: AUDIT_READERS },
        schema: {
          tags: ['audit'],
          ...routeDocs({
            summary: "A process instance's whole Temporal history",
            description:
              'Every event of the workflow history, oldest first, in words: activities with their input and result ' +
              'summarised, timers, markers, and every update and signal with its name, what it carried and the ' +
              'authenticated user who caused it (from the arguments the API stamped, joined to the audit row of the same ' +
              'action; `user.source` says which). Activity results that name a stored rule decision link it, and the ' +
              "instance's decisions are listed. Reads only.",
            errors: ['NOT_FOUND'],
          }),
          params: z.object({ workflowId: z.string().min(1).max(200) }),
          response: { 200: processHistorySchema },
        },
      },
      async (request) => {
        const { workflowId } = request.params;
        const em = deps.orm.em.fork();
        const [instance] = await query<Record<string, unknown>>(
          em,
          'select process_type, business_key, status from process_instance where workflow_id = ?',
          [workflowId],
        );
        if (!instance) throw new ApiError('NOT_FOUND', `No process instance ${workflowId}`, 'workflowId');
        const events = await deps.temporal.workflow
          .getHandle(workflowId)
          .fetchHistory()
          .then(
            (history) => history.events ?? [],
            (error: unknown) => {
              if (unavailableDependency(error)) throw error;
              return []; // a start still queued has no history yet
            },
          );
        const audit = await query<Record<string, unknown>>(
          em,
          `select id, to_char(at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as at, actor, action, entity_id
             from audit_log where workflow_id = ? order by at, id`,
          [workflowId],
        );
        const rows: AuditRowRef[] = audit.map((r) => ({
          id: Number(r.id),
          at: String(r.at),
          actor: String(r.actor),
          action: String(r.action),
          entityId: String(r.entity_id),
        }));
        const people = await em.find(User, {}, { fields: ['username', 'displayName'] });
        const names = new Map(people.map((person) => [person.username, person.displayName]));
        const decisions = await query<Record<string, unknown>>(
          em,
          `select d.id, d.rule_set_type, s.code, d.version, d.result ->> 'rule' as rule, d.created_at
             from rule_decision d join rule_set s on s.id = d.rule_set_id where d.workflow_id = ? order by d.id`,
          [workflowId],
        );
        return {
          workflowId,
          processType: String(instance.process_type),
          businessKey: String(instance.business_key),
          status: String(instance.status),
          events: processHistory(events, rows, names),
          decisions: decisions.map((d) => ({
            id: Number(d.id),
            ruleSetType: String(d.rule_set_type),
            ruleSetCode: String(d.code),
            version: Number(d.version),
            rule: d.rule === null || d.rule === undefined ? null : String(d.rule),
            createdAt: new Date(d.created_at as string).toISOString(),
          })),
        };
      },
    );

    app.get(
      '/decisions/:id',
      {
        config: { roles: AUDIT_READERS },
        schema: {
          tags: ['audit'],
          ...routeDocs({
            summary: 'One rule decision and why the alternatives lost',
            description:
              'The stored decision (rule-set type, code, version and content hash, facts, fired rules, result), the rules ' +
              'the winner outranked with the policy each would have applied, and the rules whose conditions failed on ' +
              'these facts with their condition traces (the stored facts replayed under the same version; nothing is ' +
              'stored). Reads only.',
            errors: ['NOT_FOUND'],
          }),
          params: z.object({ id: intParam() }),
          response: { 200: decisionExplanationSchema },
        },
      },
      async (request) => explainDecision(deps.orm, request.params.id),
    );
  };
}
