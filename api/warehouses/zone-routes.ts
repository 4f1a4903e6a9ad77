import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { Warehouse, Zone } from '../../db/entities';
import { ANY_ROLE, currentUser } from '../auth/auth-hook';
import { ApiError } from '../errors';
import { assignFields, auditChange, duplicate } from '../master-data';
import { routeDocs } from '../openapi/route-docs';
import { codeSchema } from './warehouse-resource';

const ADMIN = ['admin'] as const;

export const zoneRecord = z.object({
  warehouse: z.string(),
  code: z.string(),
  name: z.string(),
  quarantineArea: z.boolean().describe('Putaway default for quarantined stock; not a stock status'),
  active: z.boolean(),
});

const createBody = z.object({
  code: codeSchema(20),
  name: z.string().trim().min(1).max(120),
  quarantineArea: z.boolean().default(false),
});
const patchBody = createBody.omit({ code: true }).partial();
const warehouseParams = z.object({ code: z.string().min(1).max(20) });
const zoneParams = warehouseParams.extend({ zone: z.string().min(1).max(20) });

const toRecord = (zone: Zone) => ({
  warehouse: zone.warehouse.code,
  code: zone.code,
  name: zone.name,
  quarantineArea: zone.quarantineArea,
  active: zone.active,
});

async function warehouseOf(em: EntityManager, code: string): Promise<Warehouse> {
  const warehouse = await em.findOne(Warehouse, { code });
  if (!warehouse) throw new ApiError('NOT_FOUND', `No warehouse ${code}`, 'code');
  return warehouse;
}

async function zoneOf(em: EntityManager, code: string, zoneCode: string): Promise<Zone> {
  const zone = await em.findOne(Zone, { warehouse: { code }, code: zoneCode }, { populate: ['warehouse'] });
  if (!zone) throw new ApiError('NOT_FOUND', `Warehouse ${code} has no zone ${zoneCode}`, 'zone');
  return zone;
}

/**
 * A warehouse's zones (`/api/warehouses/:code/zones`): list, create, change, deactivate and reactivate. A zone
 * groups bins; its quarantine-area flag is only a putaway default (quarantine stays a stock status).
 */
export function zoneRoutes(orm: MikroORM): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['warehouses'];
    app.get(
      '/:code/zones',
      {
        config: { roles: ANY_ROLE },
        schema: {
          tags,
          ...routeDocs({
            summary: "A warehouse's zones",
            description: 'Lists every zone of the warehouse (active and deactivated) by code. Changes nothing.',
            errors: ['NOT_FOUND'],
          }),
          params: warehouseParams,
          response: { 200: z.object({ items: z.array(zoneRecord) }) },
        },
      },
      async (request) => {
        const em = orm.em.fork();
        const warehouse = await warehouseOf(em, request.params.code);
        const zones = await em.find(Zone, { warehouse }, { orderBy: { code: 'asc' }, populate: ['warehouse'] });
        return { items: zones.map(toRecord) };
      },
    );

    app.post(
      '/:code/zones',
      {
        config: { roles: ADMIN },
        schema: {
          tags,
          ...routeDocs({
            summary: 'Add a zone to a warehouse',
            description: 'Creates a zone in the warehouse and writes an audit entry. Refuses a code the warehouse has.',
            errors: ['NOT_FOUND', 'DUPLICATE'],
          }),
          params: warehouseParams,
          body: createBody,
          response: { 201: zoneRecord },
        },
      },
      async (request, reply) => {
        const actor = currentUser(request).username;
        const zone = await orm.em.fork().transactional(async (em) => {
          const warehouse = await warehouseOf(em, request.params.code);
          const { code } = request.body;
          if (await em.findOne(Zone, { warehouse, code })) throw duplicate('zone', 'code', code);
          const created = em.create(Zone, { ...request.body, warehouse, active: true });
          const entityId = `${warehouse.code}/${code}`;
          auditChange(em, { actor, action: 'zone.created', entityType: 'zone', entityId, details: request.body });
          await em.flush();
          return created;
        });
        return reply.status(201).send(toRecord(zone));
      },
    );

    app.patch(
      '/:code/zones/:zone',
      {
        config: { roles: ADMIN },
        schema: {
          tags,
          ...routeDocs({
            summary: 'Change a zone',
            description: "Changes a zone's name or quarantine-area flag and writes an audit entry.",
            errors: ['NOT_FOUND'],
          }),
          params: zoneParams,
          body: patchBody,
          response: { 200: zoneRecord },
        },
      },
      async (request) => {
        const actor = currentUser(request).username;
        return orm.em.fork().transactional(async (em) => {
          const zone = await zoneOf(em, request.params.code, request.params.zone);
          const changes = assignFields(zone, request.body, ['name', 'quarantineArea']);
          if (Object.keys(changes).length > 0) {
            const entityId = `${zone.warehouse.code}/${zone.code}`;
            auditChange(em, { actor, action: 'zone.changed', entityType: 'zone', entityId, details: changes });
          }
          await em.flush();
          return toRecord(zone);
        });
      },
    );

    for (const [verb, active] of [
      ['deactivate', false],
      ['reactivate', true],
    ] as const) {
      app.post(
        `/:code/zones/:zone/${verb}`,
        {
          config: { roles: ADMIN },
          schema: {
            tags,
            ...routeDocs({
              summary: `${verb === 'deactivate' ? 'Deactivate' : 'Reactivate'} a zone`,
              description: `${verb === 'deactivate' ? 'Deactivates' : 'Reactivates'} the zone (its bins keep their own active flags) and writes an audit entry.`,
              errors: ['NOT_FOUND'],
            }),
            params: zoneParams,
            response: { 200: zoneRecord },
          },
        },
        async (request) => {
          const actor = currentUser(request).username;
          return orm.em.fork().transactional(async (em) => {
            const zone = await zoneOf(em, request.params.code, request.params.zone);
            if (zone.active !== active) {
              zone.active = active;
              const entityId = `${zone.warehouse.code}/${zone.code}`;
              auditChange(em, { actor, action: `zone.${verb}d`, entityType: 'zone', entityId });
            }
            await em.flush();
            return toRecord(zone);
          });
        },
      );
    }
  };
}
