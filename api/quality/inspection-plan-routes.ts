import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { MikroORM } from '@mikro-orm/postgresql';
import { z } from 'zod';
import { ANY_ROLE, currentUser } from '../auth/auth-hook';
import { ApiError } from '../errors';
import { routeDocs } from '../openapi/route-docs';
import {
  dateQuerystring,
  inspectionPlanCreateBody,
  inspectionPlanRecord,
  planListQuerystring,
  skuParams,
} from './inspection-plan-schemas';
import { createPlanVersion, planInEffect, planVersions, toPlanRecord } from './inspection-plan-service';

const tags = ['quality'];
/** Quality engineers plan inspections; admins may too. */
const WRITE_ROLES = ['admin', 'quality-engineer'] as const;

const today = (): string => new Date().toISOString().slice(0, 10);

/** Inspection plans: versions per item or item category (create, list; never changed) and the one in effect. */
export function inspectionPlanRoutes(orm: MikroORM): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/inspection-plans',
      {
        config: { roles: ANY_ROLE },
        schema: {
          tags,
          ...routeDocs({
            summary: 'Inspection plan versions',
            description:
              "Plan versions with their characteristics, by scope then newest first: an item's (itemSku), a " +
              "category's (itemCategory), both, or (neither given) every plan up to 500. Reads only.",
            errors: [],
          }),
          querystring: planListQuerystring,
          response: { 200: z.object({ items: z.array(inspectionPlanRecord) }) },
        },
      },
      async (request) => {
        const plans = await planVersions(orm.em.fork(), request.query);
        return { items: plans.map(toPlanRecord) };
      },
    );

    app.post(
      '/inspection-plans',
      {
        config: { roles: WRITE_ROLES },
        schema: {
          tags,
          ...routeDocs({
            summary: 'Create an inspection plan version',
            description:
              "Creates the next version of an item's (itemSku) or a category's (itemCategory) inspection plan; " +
              'versions are immutable (an inspection lot pins the one it used), characteristics numbered 10, 20, 30 ' +
              '..., audited with the user. Refused naming the field and writing nothing: an unknown item (400 ' +
              'UNKNOWN_ITEM, itemSku), a lower limit above the upper (characteristics[i].upper), a nominal outside ' +
              'the limits (characteristics[i].nominal), an attribute without allowed values ' +
              '(characteristics[i].allowedValues), a code twice (characteristics[i].code).',
            errors: ['UNKNOWN_ITEM'],
          }),
          body: inspectionPlanCreateBody,
          response: { 201: inspectionPlanRecord },
        },
      },
      async (request, reply) => {
        const actor = currentUser(request).username;
        const record = await orm.em
          .fork()
          .transactional(async (em) => toPlanRecord(await createPlanVersion(em, request.body, actor)));
        return reply.status(201).send(record);
      },
    );

    app.get(
      '/items/:sku/inspection-plan',
      {
        config: { roles: ANY_ROLE },
        schema: {
          tags,
          ...routeDocs({
            summary: 'The inspection plan in effect for an item',
            description:
              "The item's own plan version in effect on the date (greatest effectiveFrom <= date, ties to the higher " +
              "version), else its category's. 404 when the item is unknown or neither has a plan. Reads only.",
            errors: ['NOT_FOUND'],
          }),
          params: skuParams,
          querystring: dateQuerystring,
          response: { 200: inspectionPlanRecord },
        },
      },
      async (request) => {
        const date = request.query.date ?? today();
        const plan = await planInEffect(orm.em.fork(), request.params.sku, date);
        if (!plan)
          throw new ApiError('NOT_FOUND', `${request.params.sku} has no inspection plan in effect on ${date}`, 'sku');
        return toPlanRecord(plan);
      },
    );
  };
}
