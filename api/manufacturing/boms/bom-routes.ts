import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { MikroORM } from '@mikro-orm/postgresql';
import { z } from 'zod';
import { Bom } from '../../../db/entities';
import { ANY_ROLE, currentUser } from '../../auth/auth-hook';
import { ApiError } from '../../errors';
import { runImport } from '../../master-data';
import { acceptCsv, IMPORT_BODY_LIMIT } from '../../master-data/csv-endpoints';
import { routeDocs } from '../../openapi/route-docs';
import { bomImportSpec } from './bom-import';
import { bomVersions, effectiveBoms } from './bom-queries';
import {
  bomCreateBody,
  bomRecord,
  bomTree,
  dateQuerystring,
  skuParams,
  today,
  treeQuerystring,
  versionParams,
  whereUsedRow,
} from './bom-schemas';
import { createBomVersion, mustFindItem, toBomRecord } from './bom-service';
import { bomTreeOf, whereUsed } from './bom-tree';

const tags = ['manufacturing'];
const WRITE_ROLES = ['admin', 'planner'] as const;

const importResult = z.object({
  mode: z.enum(['dry-run', 'apply']),
  rows: z.number(),
  created: z.number().describe('BOM lines created (or, in a dry run, that would be)'),
  updated: z.number(),
  errors: z.array(z.never()),
  applied: z.boolean(),
  boms: z
    .array(z.object({ itemSku: z.string(), version: z.number(), lines: z.number() }))
    .describe('The new version per parent in the file'),
});

/** Bills of materials: versions per item (read, create; never changed), the effective one, its tree, where-used. */
export function bomRoutes(orm: MikroORM): FastifyPluginAsyncZod {
  return async (app) => {
    acceptCsv(app);

    app.get(
      '/items/:sku/boms',
      {
        config: { roles: ANY_ROLE },
        schema: {
          tags,
          ...routeDocs({
            summary: "An item's BOM versions",
            description: 'Every BOM version of the item with its lines, newest first. Reads only.',
            errors: ['NOT_FOUND'],
          }),
          params: skuParams,
          response: { 200: z.object({ items: z.array(bomRecord) }) },
        },
      },
      async (request) => {
        const em = orm.em.fork();
        const item = await mustFindItem(em, request.params.sku);
        return { items: (await bomVersions(em, item)).map(toBomRecord) };
      },
    );

    app.get(
      '/items/:sku/boms/:version',
      {
        config: { roles: ANY_ROLE },
        schema: {
          tags,
          ...routeDocs({
            summary: 'One BOM version',
            description: "One version of the item's BOM with its lines. Reads only.",
            errors: ['NOT_FOUND', 'BOM_NOT_FOUND'],
          }),
          params: versionParams,
          response: { 200: bomRecord },
        },
      },
      async (request) => {
        const em = orm.em.fork();
        const item = await mustFindItem(em, request.params.sku);
        const { version } = request.params;
        const bom = await em.findOne(Bom, { item, version }, { populate: ['item', 'lines.component'] });
        if (!bom) throw new ApiError('BOM_NOT_FOUND', `${item.sku} has no BOM version ${version}`, 'version');
        return toBomRecord(bom);
      },
    );

    app.post(
      '/items/:sku/boms',
      {
        config: { roles: WRITE_ROLES },
        schema: {
          tags,
          ...routeDocs({
            summary: 'Create a BOM version',
            description:
              "Creates the next version of the item's BOM (versions are immutable: a change is a new version; lines " +
              'are numbered 10, 20, 30 ...), audited with the user. Refused, naming `lines[i].<field>` and writing ' +
              'nothing: an unknown (400) or deactivated (409) component, the parent itself or a cycle through other ' +
              'BOMs (409 BOM_CYCLE, the path named: "A -> B -> A"), a component twice, quantityPer <= 0.',
            errors: ['NOT_FOUND', 'UNKNOWN_ITEM', 'RECORD_INACTIVE', 'BOM_CYCLE'],
          }),
          params: skuParams,
          body: bomCreateBody,
          response: { 201: bomRecord },
        },
      },
      async (request, reply) => {
        const actor = currentUser(request).username;
        const record = await orm.em
          .fork()
          .transactional(async (em) =>
            toBomRecord(await createBomVersion(em, request.params.sku, request.body, actor)),
          );
        return reply.status(201).send(record);
      },
    );

    app.get(
      '/items/:sku/bom',
      {
        config: { roles: ANY_ROLE },
        schema: {
          tags,
          ...routeDocs({
            summary: 'The BOM version effective on a date',
            description:
              'The version with the greatest effectiveFrom on or before `date` (default today; ties: the higher ' +
              'version). 404 BOM_NOT_FOUND when none is effective. Reads only.',
            errors: ['NOT_FOUND', 'BOM_NOT_FOUND'],
          }),
          params: skuParams,
          querystring: dateQuerystring,
          response: { 200: bomRecord },
        },
      },
      async (request) => {
        const em = orm.em.fork();
        const item = await mustFindItem(em, request.params.sku);
        const date = request.query.date ?? today();
        const bom = (await effectiveBoms(em, [item.id], date)).get(item.id);
        if (!bom) throw new ApiError('BOM_NOT_FOUND', `${item.sku} has no BOM effective on ${date}`, 'sku');
        return toBomRecord(bom);
      },
    );

    app.get(
      '/items/:sku/bom-tree',
      {
        config: { roles: ANY_ROLE },
        schema: {
          tags,
          ...routeDocs({
            summary: 'The multi-level BOM tree',
            description:
              "The item's BOM exploded through every level with the versions effective on `date` (default today), " +
              'for `quantity` parents (default 1): required = parent required x quantityPer x (1 + scrap/100), scrap ' +
              'applied once per level; phantoms marked, their components below them. Reads only.',
            errors: ['NOT_FOUND', 'BOM_NOT_FOUND'],
          }),
          params: skuParams,
          querystring: treeQuerystring,
          response: { 200: bomTree },
        },
      },
      async (request) => {
        const em = orm.em.fork();
        const item = await mustFindItem(em, request.params.sku);
        return bomTreeOf(em, item, request.query.date ?? today(), request.query.quantity);
      },
    );

    app.get(
      '/items/:sku/where-used',
      {
        config: { roles: ANY_ROLE },
        schema: {
          tags,
          ...routeDocs({
            summary: 'Where an item is used',
            description:
              'Every parent whose BOM effective on `date` (default today) uses the item: directly (level 1) and ' +
              'up the tree (level 2, 3 ...). Reads only.',
            errors: ['NOT_FOUND'],
          }),
          params: skuParams,
          querystring: dateQuerystring,
          response: { 200: z.object({ items: z.array(whereUsedRow) }) },
        },
      },
      async (request) => {
        const em = orm.em.fork();
        const item = await mustFindItem(em, request.params.sku);
        return { items: await whereUsed(em, item, request.query.date ?? today()) };
      },
    );

    app.post(
      '/boms/import',
      {
        config: { roles: WRITE_ROLES },
        bodyLimit: IMPORT_BODY_LIMIT,
        schema: {
          tags,
          ...routeDocs({
            summary: 'Import BOMs from CSV',
            description:
              'How a PLM system hands BOMs over: columns parent_sku, effective_from, phantom, line_no, ' +
              'component_sku, quantity_per, scrap_percent; the rows of one parent make one new version of it. ' +
              '`mode=dry-run` checks every row and writes nothing; `mode=apply` writes every version in one ' +
              'transaction, or nothing when any row is bad (400 IMPORT_INVALID lists every problem by line and ' +
              'column; cycles are checked across the file and the existing BOMs).',
            errors: ['IMPORT_INVALID'],
          }),
          querystring: z.object({ mode: z.enum(['dry-run', 'apply']).default('dry-run') }),
          consumes: ['text/csv'],
          body: z.string().describe('CSV text; the first line names the columns'),
          response: { 200: importResult },
        },
      },
      async (request) => {
        const spec = bomImportSpec();
        const actor = currentUser(request).username;
        const result = await runImport(orm, spec, request.body, request.query.mode, actor);
        return { ...result, boms: spec.versions() };
      },
    );
  };
}
