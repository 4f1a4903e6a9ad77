import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { z } from 'zod';
import type { Role } from '../../db/entities';
import { currentUser } from '../auth/auth-hook';
import { routeDocs } from '../openapi/route-docs';
import { acceptCsv, IMPORT_BODY_LIMIT, importRouteSchema, sendCsv } from './csv-endpoints';
import type { CsvColumn } from './csv-columns';
import { runImport, type ImportSpec } from './import-runner';

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
    acceptCsv(app);

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
        return sendCsv(reply, `${label.replace(/ /g, '-')}s.csv`, transfer.columns, records);
      },
    );

    app.post(
      '/import',
      {
        config: { roles: transfer.writeRoles },
        bodyLimit: IMPORT_BODY_LIMIT,
        schema: importRouteSchema(label, tags),
      },
      async (request) =>
        runImport(orm, transfer.importSpec(), request.body, request.query.mode, currentUser(request).username),
    );
  };
}
