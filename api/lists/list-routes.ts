import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { Role } from '../../db/entities';
import { ANY_ROLE } from '../auth/auth-hook';
import { routeDocs } from '../openapi/route-docs';
import { pageOf } from '../pagination';
import { csvResponse, listPage, sendCsvStream, type SqlListQuery, type SqlListSpec } from './sql-list';

/** What a list's two routes need: its spec, its query and row schemas, and the words of its documentation. */
export interface ListRoutes<S extends z.ZodTypeAny, Q extends SqlListQuery, R> {
  /** Where the list lives under the plugin's prefix: '' gives `GET /` and `GET /export.csv`. */
  path: string;
  tag: string;
  query: S;
  row: z.ZodTypeAny;
  spec: SqlListSpec<Q, R>;
  /** 'sales orders': the summaries say "List sales orders" and "Export sales orders as CSV". */
  noun: string;
  /** How the page route reads, before the filters ("Sales orders, newest first, one page at a time"). */
  lead: string;
  /** What the filters and sort allow ("filtered by status, customer …, sorted by any column"). */
  filters: string;
  fileName: string;
  /** The spec's query from the request's (defaults that depend on the filters, the caller). */
  toQuery?: (query: z.infer<S>, request: FastifyRequest) => Q;
  /** Who may read the list and its export (one of these roles); anyone signed in when left out. */
  roles?: readonly Role[];
}

/** The page envelope of a list whose total is exact only up to its `countCap` (see listPage). */
const estimatedPageOf = (row: z.ZodTypeAny) =>
  pageOf(row).extend({
    totalEstimated: z
      .boolean()
      .optional()
      .describe("True when `total` is PostgreSQL's estimate: more rows match than the list counts exactly"),
  });

/**
 * `GET <path>/` (one page) and `GET <path>/export.csv` (every page the filters select, streamed) of one SQL list,
 * readable by the list's roles (anyone signed in by default): the one pair of routes every console list is served by.
 */
export function listRoutes<S extends z.ZodTypeAny, Q extends SqlListQuery, R>(
  deps: { orm: MikroORM },
  list: ListRoutes<S, Q, R>,
): FastifyPluginAsyncZod {
  const toQuery = (request: FastifyRequest) =>
    list.toQuery ? list.toQuery(request.query as z.infer<S>, request) : (request.query as Q);
  return async (app) => {
    app.get(
      list.path || '/',
      {
        config: { roles: list.roles ?? ANY_ROLE },
        schema: {
          ...routeDocs({ summary: `List ${list.noun}`, description: `${list.lead}, ${list.filters}. Reads only.` }),
          tags: [list.tag],
          querystring: list.query,
          response: { 200: list.spec.countCap === undefined ? pageOf(list.row) : estimatedPageOf(list.row) },
        },
      },
      async (request) => listPage(deps.orm.em.fork(), list.spec, toQuery(request)),
    );

    app.get(
      `${list.path}/export.csv`,
      {
        config: { roles: list.roles ?? ANY_ROLE },
        schema: {
          ...routeDocs({
            summary: `Export ${list.noun} as CSV`,
            description: `Every one of the ${list.noun} the list's filters select (${list.filters}), all pages, streamed. Reads only.`,
          }),
          tags: [list.tag],
          querystring: list.query,
          produces: ['text/csv'],
          response: csvResponse,
        },
      },
      async (request, reply) => sendCsvStream(reply, deps.orm.em.fork(), list.spec, toQuery(request), list.fileName),
    );
  };
}
