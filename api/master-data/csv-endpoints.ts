import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { routeDocs } from '../openapi/route-docs';
import { writeCsv } from './csv';
import type { CsvColumn } from './csv-columns';

/** The pieces every CSV export and import endpoint shares: master-data resources and records kept under others. */

/** A spreadsheet of a few hundred thousand rows, not more: the import is one transaction. */
export const IMPORT_BODY_LIMIT = 20 * 1024 * 1024;

const importResult = z.object({
  mode: z.enum(['dry-run', 'apply']),
  rows: z.number(),
  created: z.number(),
  updated: z.number(),
  errors: z.array(z.never()),
  applied: z.boolean(),
});

/** Accepts `text/csv` bodies as text (import). Registered inside each plugin scope that imports. */
export function acceptCsv(app: Parameters<FastifyPluginAsyncZod>[0]): void {
  if (app.hasContentTypeParser('text/csv')) return;
  app.addContentTypeParser('text/csv', { parseAs: 'string', bodyLimit: IMPORT_BODY_LIMIT }, (_request, body, done) =>
    done(null, body),
  );
}

/** The route schema of `POST /import?mode=dry-run|apply` for records people call `label`. */
export function importRouteSchema(label: string, tags: string[]) {
  return {
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
  };
}

/** Sends records as a CSV attachment whose header row names the import columns (an export imports unchanged). */
export function sendCsv<R>(
  reply: FastifyReply,
  fileName: string,
  columns: ReadonlyArray<CsvColumn<R>>,
  records: readonly R[],
): FastifyReply {
  const rows = [columns.map((c) => c.name), ...records.map((rec) => columns.map((c) => c.format(rec)))];
  return reply
    .header('content-type', 'text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="${fileName}"`)
    .send(writeCsv(rows));
}
