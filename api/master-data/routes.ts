import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { EntityManager, FilterQuery, MikroORM } from '@mikro-orm/postgresql';
import { z } from 'zod';
import { currentUser } from '../auth/auth-hook';
import { ApiError } from '../errors';
import { routeDocs } from '../openapi/route-docs';
import { acceptCsv, IMPORT_BODY_LIMIT, importRouteSchema, sendCsv } from './csv-endpoints';
import { auditChange } from './changes';
import { runImport, type ImportSpec } from './import-runner';
import { listAll, listEnvelope, listEntities, type ListQuery } from './list';
import type { MasterDataResource } from './resource';

/** Loads by key or answers 404. */
async function mustFind<E extends object>(
  resource: Pick<MasterDataResource<E, unknown, unknown, unknown>, 'findByKey' | 'label' | 'key'>,
  em: EntityManager,
  key: string,
): Promise<E> {
  const entity = await resource.findByKey(em, key);
  if (!entity) throw new ApiError('NOT_FOUND', `No ${resource.label} ${key}`, resource.key);
  return entity;
}

/** The import spec of a resource: upsert by key through its own create and update. */
export function importSpecOf<E extends object, Rec, C, P, Q extends ListQuery>(
  resource: MasterDataResource<E, Rec, C, P, Q>,
): ImportSpec<C> {
  const keyOf = (value: unknown) => String((value as Record<string, unknown>)[resource.key]);
  let existing = new Map<string, E>();
  return {
    label: resource.label,
    keyColumn: resource.key,
    columns: resource.csv as ImportSpec<C>['columns'],
    rowSchema: resource.createSchema,
    // One query for every record the file names (in chunks), instead of one lookup per row.
    prepare: async (em, bodies) => {
      const keys = bodies.map(keyOf);
      const found: E[] = [];
      for (let at = 0; at < keys.length; at += 1000) {
        const where = { [resource.key]: { $in: keys.slice(at, at + 1000) } } as FilterQuery<E>;
        found.push(...(await em.find(resource.list.entity, where, { populate: resource.list.populate as never })));
      }
      existing = new Map(found.map((entity) => [keyOf(entity), entity]));
    },
    upsert: async (em, body, actor) => {
      const entity = existing.get(keyOf(body));
      if (!entity) {
        await resource.create(em, body, { actor, keyIsFree: true });
        return 'created';
      }
      await resource.update(em, entity, body as unknown as P, { actor });
      return 'updated';
    },
  };
}

/**
 * Serves one master-data resource under the prefix it is registered at (e.g. `/api/items`): list, export.csv,
 * import, get, create, patch, deactivate, reactivate. Shape and errors as helpers/master-data-api.md says.
 */
export function masterDataRoutes<E extends object, Rec, C, P, Q extends ListQuery>(
  orm: MikroORM,
  resource: MasterDataResource<E, Rec, C, P, Q>,
): FastifyPluginAsyncZod {
  const activeField = (resource.activeField ?? 'active') as keyof E & string;
  const listSpec = { ...resource.list, activeField };
  const keyParams = z.object({ key: z.string().min(1).max(200) });
  const tags = [resource.tag];
  const read = { roles: resource.readRoles };
  const write = { roles: resource.writeRoles };
  const label = resource.label;

  const recordOf = async (em: EntityManager, entity: E) => (await resource.toRecords(em, [entity]))[0] as Rec;

  const setActive = async (key: string, active: boolean, actor: string) => {
    const em = orm.em.fork();
    return em.transactional(async (tx) => {
      const entity = await mustFind(resource, tx, key);
      const record = entity as Record<string, unknown>;
      if (record[activeField] !== active) {
        await resource.onActiveChange?.(tx, entity, active, { actor });
        record[activeField] = active;
        const action = `${label}.${active ? 'reactivated' : 'deactivated'}`;
        auditChange(tx, { actor, action, entityType: label, entityId: key });
      }
      await tx.flush();
      return recordOf(tx, entity);
    });
  };

  return async (app) => {
    acceptCsv(app);

    app.get(
      '/',
      {
        config: read,
        schema: {
          tags,
          ...routeDocs({
            summary: `List ${label}s`,
            description: `One page of ${label}s: search \`q\`, \`sort\` by a listed field (\`-\` for descending), \`active\` (default true hides deactivated ones) and the filters below. Reads only.`,
          }),
          querystring: resource.list.query,
          response: { 200: listEnvelope(resource.record) },
        },
      },
      async (request) => {
        const em = orm.em.fork();
        const page = await listEntities(em, listSpec, request.query as Q);
        return { ...page, items: await resource.toRecords(em, page.items) };
      },
    );

    app.get(
      '/export.csv',
      {
        config: read,
        schema: {
          tags,
          ...routeDocs({
            summary: `Export ${label}s as CSV`,
            description: `Every ${label} the same filters as the list select, no paging, as CSV whose header row names the import columns (an exported file imports unchanged). Reads only.`,
          }),
          querystring: resource.list.query,
          produces: ['text/csv'],
          response: { 200: z.string().describe('CSV text, CRLF line ends') },
        },
      },
      async (request, reply) => {
        const em = orm.em.fork();
        const records = await resource.toRecords(em, await listAll(em, listSpec, request.query as Q));
        return sendCsv(reply, `${label}s.csv`, resource.csv, records);
      },
    );

    app.post(
      '/import',
      {
        config: write,
        bodyLimit: IMPORT_BODY_LIMIT,
        schema: importRouteSchema(label, tags),
      },
      async (request) =>
        runImport(orm, importSpecOf(resource), request.body, request.query.mode, currentUser(request).username),
    );

    app.get(
      '/:key',
      {
        config: read,
        schema: {
          tags,
          ...routeDocs({
            summary: `One ${label}`,
            description: `The ${label} with this key. Reads only.`,
            errors: ['NOT_FOUND'],
          }),
          params: keyParams,
          response: { 200: resource.record },
        },
      },
      async (request) => {
        const em = orm.em.fork();
        return recordOf(em, await mustFind(resource, em, request.params.key));
      },
    );

    app.post(
      '/',
      {
        config: write,
        schema: {
          tags,
          ...routeDocs({
            summary: `Create a ${label}`,
            description: `Creates a ${label} (audited with the user). Refused: every invalid field listed (400), a key in use (409 DUPLICATE).`,
            errors: ['DUPLICATE', ...(resource.errors?.create ?? [])],
          }),
          body: resource.createSchema,
          response: { 201: resource.record },
        },
      },
      async (request, reply) => {
        const actor = currentUser(request).username;
        const record = await orm.em.fork().transactional(async (tx) => {
          const entity = await resource.create(tx, request.body as C, { actor });
          await tx.flush();
          return recordOf(tx, entity);
        });
        return reply.status(201).send(record);
      },
    );

    app.patch(
      '/:key',
      {
        config: write,
        schema: {
          tags,
          ...routeDocs({
            summary: `Change a ${label}`,
            description: `Changes the given fields of a ${label} (audited with the user, field by field). Fields the books depend on refuse to change once referenced (409 FIELD_FROZEN naming the field).`,
            errors: ['NOT_FOUND', 'FIELD_FROZEN', ...(resource.errors?.update ?? [])],
          }),
          params: keyParams,
          body: resource.patchSchema,
          response: { 200: resource.record },
        },
      },
      async (request) => {
        const actor = currentUser(request).username;
        return orm.em.fork().transactional(async (tx) => {
          const entity = await mustFind(resource, tx, request.params.key);
          await resource.update(tx, entity, request.body as P, { actor });
          await tx.flush();
          return recordOf(tx, entity);
        });
      },
    );

    for (const [verb, active] of [
      ['deactivate', false],
      ['reactivate', true],
    ] as const) {
      app.post(
        `/:key/${verb}`,
        {
          config: write,
          schema: {
            tags,
            ...routeDocs({
              summary: `${verb === 'deactivate' ? 'Deactivate' : 'Reactivate'} a ${label}`,
              description: `${verb === 'deactivate' ? 'Hides' : 'Restores'} the ${label} ${verb === 'deactivate' ? 'from lists and refuses it on new orders (it is never deleted: the books may reference it)' : 'to lists and new orders'}; audited with the user.`,
              errors: ['NOT_FOUND', ...((verb === 'deactivate' && resource.errors?.deactivate) || [])],
            }),
            params: keyParams,
            response: { 200: resource.record },
          },
        },
        async (request) => setActive(request.params.key, active, currentUser(request).username),
      );
    }
  };
}
