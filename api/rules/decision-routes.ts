import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { MikroORM } from '@mikro-orm/postgresql';
import { num, query } from '../../db/sql';
import { ANY_ROLE } from '../auth/auth-hook';
import { ApiError } from '../errors';
import { intParam, offsetOf, pageOf, pageQuery } from '../pagination';
import { routeDocs } from '../openapi/route-docs';
import { DECISION_SQL, decisionSchema, toDecision } from './decision-schemas';

/**
 * The decisions a process instance made, oldest first, each with the rule-set version and content hash it ran
 * under: what an auditor reads beside the instance to see what was chosen and why the rest was not.
 */
export function decisionRoutes(orm: MikroORM): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/decisions',
      {
        config: { roles: ANY_ROLE },
        schema: {
          tags: ['rules'],
          ...routeDocs({
            summary: 'Decisions of a process instance',
            description:
              'Reads the stored rule decisions of one workflow (e.g. `order-fulfillment:SO-1`), oldest first, each ' +
              'with the rule-set version and content hash it ran under; allocation decisions list the lots passed ' +
              'over and why (`result.passedOver`). Changes nothing.',
          }),
          querystring: pageQuery.extend({ workflowId: z.string().min(1).max(200) }),
          response: { 200: pageOf(decisionSchema) },
        },
      },
      async (request) => {
        const em = orm.em.fork();
        const { workflowId, page, pageSize } = request.query;
        const rows = await query<Record<string, unknown>>(
          em,
          `${DECISION_SQL} where d.workflow_id = ? order by d.id limit ? offset ?`,
          [workflowId, pageSize, offsetOf(page, pageSize)],
        );
        const [count] = await query<{ n: string }>(
          em,
          'select count(*) as n from rule_decision where workflow_id = ?',
          [workflowId],
        );
        return { items: rows.map(toDecision), total: num(count?.n ?? 0), page, pageSize };
      },
    );

    app.get(
      '/decisions/:id',
      {
        config: { roles: ANY_ROLE },
        schema: {
          tags: ['rules'],
          ...routeDocs({
            summary: 'One stored decision',
            description:
              'Reads one decision by id (as an order allocation reason names it), with the rule-set version and ' +
              'content hash it ran under. Changes nothing.',
            errors: ['NOT_FOUND'],
          }),
          params: z.object({ id: intParam() }),
          response: { 200: decisionSchema },
        },
      },
      async (request) => {
        const [row] = await query<Record<string, unknown>>(orm.em.fork(), `${DECISION_SQL} where d.id = ?`, [
          request.params.id,
        ]);
        if (!row) throw new ApiError('NOT_FOUND', `No decision ${request.params.id}`);
        return toDecision(row);
      },
    );
  };
}
