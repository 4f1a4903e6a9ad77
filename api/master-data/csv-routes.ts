import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { z } from 'zod';
import type { Role } from '../../db/entities';
import { currentUser } from '../auth/auth-hook';
import { routeDocs } from '../openapi/route-docs';
import { writeCsv } from './csv';
import type { CsvColumn } from './csv-columns';
import { runImport, type ImportSpec } from './import-runner';

const importResult = z.object({
  mode: z.enum(['dry-run', 'apply']),
  rows: z.number(),
  created: z.number(),
  updated: z.number(),
  errors: z.array(z.never()),
  applied: z.boolean(),
});
const IMPORT_BODY_LIMIT = 20 * 1024 * 1024;

/**
 * A record kept under another one (an item's supplier records, a warehouse's zones) that is imported and exported
 * as one flat file of its own, keyed by several columns.
 */
export interface CsvTransfer<R, Body> {
  /** People's word for one record, e.g. `item supplier`; the export file is `<label>s.csv` with dashes. */
  label: string;
  tag: string;
  readRoles: readonly Role[];
  writeRoles: readonly Role[];
  columns: ReadonlyArray<CsvColumn<R>>;
  /** Every record, in file order. */
  exportRecords(em: EntityManager): Promise<R[]>;
  /** A fresh spec per import (it may hold what `prepare` loaded). */
  importSpec(): ImportSpec<Body>;
}

/** Serves `GET /export.csv` and `POST /import?mode=dry-run|apply` for a {@link CsvTransfer}, as the resources do. */
export function csvTransferRoutes<R, Body>(orm: MikroORM, transfer: CsvTransfer<R, Body>): FastifyPluginAsyncZod {
  const { label } = transfer;
  const tags = [transfer.tag];
  return async (app) => {
    if (!app.hasContentTypeParser('text/csv')) {
      app.addContentTypeParser('text/csv', { parseAs: 'string', bodyLimit: IMPORT_BODY_LIMIT }, (_req, body, done) =>
        done(null, body),
      );
    }

    app.get(
      '/export.csv',
      {
        config: { roles: transfer.readRoles },
        schema: {
          tags,
          ...routeDocs({
            summary: `Export ${label}s as CSV`,
            description: `Every ${label} as CSV whose header row names the import columns (an exported file imports unchanged). Reads only.`,
          }),
          produces: ['text/csv'],
          response: { 200: z.string().describe('CSV text, CRLF line ends') },
        },
      },
      async (_request, reply) => {
        const records = await transfer.exportRecords(orm.em.fork());
        const columns = transfer.columns;
        const rows = [columns.map((c) => c.name), ...records.map((rec) => columns.map((c) => c.format(rec)))];
        return reply
          .header('content-type', 'text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="${label.replace(/ /g, '-')}s.csv"`)
          .send(writeCsv(rows));
      },
    );

    app.post(
      '/import',
      {
        config: { roles: transfer.writeRoles },
        bodyLimit: IMPORT_BODY_LIMIT,
        schema: {
          tags,
          ...routeDocs({
            summary: `Import ${label}s from CSV`,
            description: `Upserts ${label}s by key from a CSV file (header row = column names). \`mode=dry-run\` checks every row and writes nothing; \`mode=apply\` writes all rows in one transaction, each change audited with the user, or nothing at all when any row is bad (400 IMPORT_INVALID lists every problem with its line and column).`,
            errors: ['IMPORT_INVALID'],
          }),
          querystring: z.object({ mode: z.enum(['dry-run', 'apply']).default('dry-run') }),
          consumes: ['text/csv'],
          body: z.string().describe('CSV text; the first line names the columns'),
          response: { 200: importResult },
        },
      },
      async (request) =>
        runImport(orm, transfer.importSpec(), request.body, request.query.mode, currentUser(request).username),
    );
  };
}
