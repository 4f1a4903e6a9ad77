import { Readable } from 'node:stream';
import type { FastifyReply } from 'fastify';
import type { EntityManager } from '@mikro-orm/postgresql';
import { z } from 'zod';
import { num, query } from '../../db/sql';
import { likePattern } from '../master-data/list';
import { csvField } from '../master-data/csv';
import { offsetOf, pageQuery } from '../pagination';

/**
 * The console's document and process lists (processes, tasks, orders, purchase orders) over SQL projections:
 * the same wire contract as the master-data lists (`q`, `sort=field|-field` from a whitelist, `page`, `pageSize`,
 * `{ items, total, page, pageSize }`) and a CSV export that streams every page of the filtered list. These lists
 * join and compute (line counts, order values, the inbox's priority rank the partial index is built on), so they are
 * named SQL rather than entity queries; the search pattern and the CSV writer are master data's.
 */

/** One condition of a list's `where`: SQL with its `?` parameters. */
export interface Condition {
  sql: string;
  params: unknown[];
}

/** A condition only when the filter was given (empty strings from a cleared select count as absent). */
export function when(value: unknown, sql: string, params: unknown[] = [value]): Condition[] {
  return value === undefined || value === null || value === '' ? [] : [{ sql, params }];
}

/** One column of a list's CSV export. */
export interface ExportColumn<R> {
  name: string;
  format: (row: R) => string | number | null | undefined;
}

/** How one projection is listed. */
export interface SqlListSpec<Q, R> {
  /** `select ...` columns. */
  select: string;
  /** `from ... join ...` (no where). */
  from: string;
  /** Wire sort field -> SQL expression. Every column the console shows should be here. */
  sortFields: Readonly<Record<string, string>>;
  defaultSort: string;
  /** A unique expression ordering ties, so pages never overlap or skip. */
  tieBreaker: string;
  /**
   * Sort fields whose column is never null, ordered without `nulls last`. It changes no order for them, but only
   * then can PostgreSQL read a descending page off an ascending index backward (which yields nulls first): with
   * `desc nulls last` it sorts every matching row for each page, however few it shows.
   */
  notNullSorts?: readonly string[];
  /**
   * Counted exactly up to this many matching rows; above it `total` is PostgreSQL's estimate of the filtered rows
   * (at least one more than the cap) and the page says `totalEstimated: true`. For lists that grow without bound
   * (a million process instances): an exact count reads every matching index entry for every page, and the count,
   * not the page, was what a busy list's first page waited for. Left out, every total is exact.
   */
  countCap?: number;
  /** SQL expressions `q` matches case-insensitively anywhere in the text. */
  searchFields: readonly string[];
  where: (query: Q) => Condition[];
  toRow: (row: Record<string, unknown>) => R;
  csv: ReadonlyArray<ExportColumn<R>>;
}

/** The query string of a list: paging, search, whitelisted sort, plus the list's own filters. */
export function sqlListQuery<F extends z.ZodRawShape>(sortFields: Readonly<Record<string, string>>, filters: F) {
  const names = Object.keys(sortFields);
  const sortValues = names.flatMap((field) => [field, `-${field}`]) as [string, ...string[]];
  return pageQuery.extend({
    q: z.string().max(100).optional().describe('Search text, matched anywhere in the key or name'),
    sort: z
      .enum(sortValues)
      .optional()
      .describe(`Sort by one of ${names.join(', ')}; a leading - sorts descending`),
    ...filters,
  });
}

/** The shared parts of every list query. */
export interface SqlListQuery {
  q?: string;
  sort?: string;
  page: number;
  pageSize: number;
}

/** The `where` of a list query (its filters and search), for a page, an export or another stream of the rows. */
export function whereClause<Q extends SqlListQuery, R>(spec: SqlListSpec<Q, R>, listQuery: Q): Condition {
  const conditions = [...spec.where(listQuery)];
  const search = listQuery.q?.trim();
  if (search && spec.searchFields.length > 0) {
    const pattern = likePattern(search);
    conditions.push({
      sql: `(${spec.searchFields.map((field) => `${field} ilike ?`).join(' or ')})`,
      params: spec.searchFields.map(() => pattern),
    });
  }
  if (conditions.length === 0) return { sql: '', params: [] };
  return {
    sql: `where ${conditions.map((c) => `(${c.sql})`).join(' and ')}`,
    params: conditions.flatMap((c) => c.params),
  };
}

/** The `order by` of a list query: the wanted sort, nulls last, then the tie breaker. */
export function orderClause<Q extends SqlListQuery, R>(spec: SqlListSpec<Q, R>, sort: string | undefined): string {
  const wanted = sort ?? spec.defaultSort;
  const descending = wanted.startsWith('-');
  const field = descending ? wanted.slice(1) : wanted;
  const expression = spec.sortFields[field] ?? spec.tieBreaker;
  // Nulls last both ways: a missing due date is never "the most urgent" (a column that is never null needs no rule).
  const nulls = spec.notNullSorts?.includes(field) ? '' : ' nulls last';
  return `order by ${expression} ${descending ? 'desc' : 'asc'}${nulls}, ${spec.tieBreaker}`;
}

/** One page of the list with the total of the filtered rows (estimated past the spec's `countCap`). */
export async function listPage<Q extends SqlListQuery, R>(em: EntityManager, spec: SqlListSpec<Q, R>, listQuery: Q) {
  const where = whereClause(spec, listQuery);
  const order = orderClause(spec, listQuery.sort);
  const rows = await query<Record<string, unknown>>(
    em,
    `select ${spec.select} ${spec.from} ${where.sql} ${order} limit ? offset ?`,
    [...where.params, listQuery.pageSize, offsetOf(listQuery.page, listQuery.pageSize)],
  );
  const page = { items: rows.map(spec.toRow), page: listQuery.page, pageSize: listQuery.pageSize };
  // A page that is not full is the last one (and a first page empty or short is the whole list): its total is known.
  if (spec.countCap !== undefined && rows.length < listQuery.pageSize && (rows.length > 0 || listQuery.page === 1)) {
    return { ...page, total: offsetOf(listQuery.page, listQuery.pageSize) + rows.length };
  }
  if (spec.countCap === undefined) {
    const [count] = await query<{ n: string }>(em, `select count(*) as n ${spec.from} ${where.sql}`, where.params);
    return { ...page, total: num(count?.n ?? 0) };
  }
  return { ...page, ...(await cappedTotal(em, spec, where, spec.countCap)) };
}

/**
 * The number of rows `where` selects, exact up to `cap` (a count that stops at cap + 1 rows, a few milliseconds off
 * an index); past it the planner's row estimate for the same `from ... where` (kept above the cap, so an estimate
 * never undercuts rows known to be there), marked estimated. The estimate comes from the table's statistics: good
 * for equality filters on analyzed columns (type, status), rougher for text searches, which rarely match that many.
 */
async function cappedTotal<Q, R>(
  em: EntityManager,
  spec: SqlListSpec<Q, R>,
  where: Condition,
  cap: number,
): Promise<{ total: number; totalEstimated?: boolean }> {
  const [count] = await query<{ n: string }>(
    em,
    `select count(*) as n from (select 1 ${spec.from} ${where.sql} limit ?) capped`,
    [...where.params, cap + 1],
  );
  const exact = num(count?.n ?? 0);
  if (exact <= cap) return { total: exact };
  const [plan] = await query<{ 'QUERY PLAN': [{ Plan: { 'Plan Rows': number } }] }>(
    em,
    `explain (format json) select 1 ${spec.from} ${where.sql}`,
    where.params,
  );
  const estimate = Math.round(plan?.['QUERY PLAN'][0]?.Plan['Plan Rows'] ?? 0);
  return { total: Math.max(estimate, exact), totalEstimated: true };
}

/** Rows fetched per round trip while exporting: memory stays flat however long the list is. */
export const EXPORT_CHUNK = 500;

/**
 * The whole filtered list as CSV lines, a chunk at a time, read in one REPEATABLE READ transaction so every chunk
 * sees the same snapshot (a row inserted meanwhile neither shifts the pages nor appears twice).
 */
export async function* csvLines<Q extends SqlListQuery, R>(
  em: EntityManager,
  spec: SqlListSpec<Q, R>,
  listQuery: Q,
): AsyncGenerator<string> {
  const where = whereClause(spec, listQuery);
  const order = orderClause(spec, listQuery.sort);
  yield `${spec.csv.map((column) => csvField(column.name)).join(',')}\r\n`;
  await em.begin({ isolationLevel: 'repeatable read' as never, readOnly: true });
  try {
    for (let offset = 0; ; offset += EXPORT_CHUNK) {
      const rows = await query<Record<string, unknown>>(
        em,
        `select ${spec.select} ${spec.from} ${where.sql} ${order} limit ? offset ?`,
        [...where.params, EXPORT_CHUNK, offset],
      );
      const lines = rows
        .map(spec.toRow)
        .map((row) => spec.csv.map((column) => csvField(String(column.format(row) ?? ''))).join(','));
      if (lines.length > 0) yield `${lines.join('\r\n')}\r\n`;
      if (rows.length < EXPORT_CHUNK) break;
    }
  } finally {
    await em.commit();
  }
}

/** Streams the filtered list as a CSV attachment (chunked transfer; nothing is held in memory but one chunk). */
export function sendCsvStream<Q extends SqlListQuery, R>(
  reply: FastifyReply,
  em: EntityManager,
  spec: SqlListSpec<Q, R>,
  listQuery: Q,
  fileName: string,
): FastifyReply {
  return reply
    .header('content-type', 'text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="${fileName}"`)
    .send(Readable.from(csvLines(em, spec, listQuery)));
}

/** The OpenAPI 200 of an export route. */
export const csvResponse = { 200: z.string().describe('CSV text, CRLF line ends; every page of the filtered list') };

/**
 * One row of a list chosen by `condition` (a document's header on its detail page), with the list's columns and
 * mapping, so the detail and the list never describe the same document two ways; `id` (from `idColumn`) is for
 * the detail's follow-up reads.
 */
export async function listRow<Q, R>(
  em: EntityManager,
  spec: SqlListSpec<Q, R>,
  idColumn: string,
  condition: string,
  params: unknown[],
): Promise<{ id: number; row: R } | undefined> {
  const [raw] = await query<Record<string, unknown>>(
    em,
    `select ${spec.select}, ${idColumn} as row_id ${spec.from} where ${condition}`,
    params,
  );
  return raw ? { id: num(raw.row_id), row: spec.toRow(raw) } : undefined;
}

const containing = (text: string | undefined) => `%${text ?? ''}%`;

/**
 * Rows (processes, tasks) whose workflow's sales order is for a customer whose code or name contains `customer`;
 * `workflowId` is the row's workflow id column.
 */
export function customerOfWorkflow(workflowId: string, customer: string | undefined): Condition[] {
  return when(
    customer,
    `exists (select 1 from sales_order o join customer c on c.id = o.customer_id
              where o.workflow_id = ${workflowId} and (c.code ilike ? or c.name ilike ?))`,
    [containing(customer), containing(customer)],
  );
}

/** Rows whose workflow's sales or purchase order has a line of an item whose SKU contains `item`. */
export function itemOfWorkflow(workflowId: string, item: string | undefined): Condition[] {
  return when(
    item,
    `exists (select 1 from sales_order o join sales_order_line l on l.order_id = o.id join item i on i.id = l.item_id
              where o.workflow_id = ${workflowId} and i.sku ilike ?
             union all
             select 1 from purchase_order po join purchase_order_line l on l.order_id = po.id
               join item i on i.id = l.item_id where po.workflow_id = ${workflowId} and i.sku ilike ?)`,
    [containing(item), containing(item)],
  );
}
