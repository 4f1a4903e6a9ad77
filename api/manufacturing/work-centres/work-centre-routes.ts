import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { LockMode, type EntityManager, type MikroORM } from '@mikro-orm/postgresql';
import { z } from 'zod';
import { WorkCentre } from '../../../db/entities';
import { ANY_ROLE, currentUser } from '../../auth/auth-hook';
import { ApiError } from '../../errors';
import { masterDataRoutes } from '../../master-data';
import { routeDocs } from '../../openapi/route-docs';
import { workCentreResource } from './work-centre-resource';
import { addRate, createRateSchema, rateHistory, rateRecordSchema, toRateRecord } from './work-centre-rates';

const params = z.object({ code: z.string().min(1).max(20) });
const tags = ['manufacturing'];

/** The work centre or 404; `lock` holds its row so two rates from one date race to a 409, not a 500. */
async function mustFindCentre(em: EntityManager, code: string, lock = false): Promise<WorkCentre> {
  const centre = await em.findOne(WorkCentre, { code }, lock ? { lockMode: LockMode.PESSIMISTIC_WRITE } : {});
  if (!centre) throw new ApiError('NOT_FOUND', `No work centre ${code}`, 'code');
  return centre;
}

/**
 * Work centres (/api/work-centres: the master-data list, CSV, deactivate ...) and their effective-dated rates
 * (GET/POST /api/work-centres/:code/rates).
 */
export function workCentreRoutes(orm: MikroORM): FastifyPluginAsyncZod {
  return async (app) => {
    await app.register(masterDataRoutes(orm, workCentreResource));

    app.get(
      '/:code/rates',
      {
        config: { roles: ANY_ROLE },
        schema: {
          tags,
          ...routeDocs({
            summary: "A work centre's rates",
            description:
              'Every labour/overhead rate row of the work centre, newest effectiveFrom first; the rate valid on a ' +
              'date is the row with the greatest effectiveFrom on or before it. Reads only.',
            errors: ['NOT_FOUND'],
          }),
          params,
          response: { 200: z.object({ items: z.array(rateRecordSchema) }) },
        },
      },
      async (request) => {
        const em = orm.em.fork();
        const centre = await mustFindCentre(em, request.params.code);
        return { items: (await rateHistory(em, centre)).map((row) => toRateRecord(centre, row)) };
      },
    );

    app.post(
      '/:code/rates',
      {
        config: { roles: ['admin'] },
        schema: {
          tags,
          ...routeDocs({
            summary: 'Add rates to a work centre',
            description:
              'Adds labour and overhead rates per hour valid from effectiveFrom on (audited with the user). Rows ' +
              'are never changed: operation reports keep the rates of their date. Refused: a negative rate (400), ' +
              'rates from the same effectiveFrom already recorded (409 DUPLICATE naming effectiveFrom).',
            errors: ['NOT_FOUND', 'DUPLICATE'],
          }),
          params,
          body: createRateSchema,
          response: { 201: rateRecordSchema },
        },
      },
      async (request, reply) => {
        const actor = currentUser(request).username;
        const record = await orm.em.fork().transactional(async (em) => {
          const centre = await mustFindCentre(em, request.params.code, true);
          const row = await addRate(em, centre, request.body, actor);
          await em.flush();
          return toRateRecord(centre, row);
        });
        return reply.status(201).send(record);
      },
    );
  };
}
