import { type EntityManager, IsolationLevel, type MikroORM } from '@mikro-orm/postgresql';
import { likePattern } from '../master-data/list';
import type { Condition, SqlListQuery, SqlListSpec } from '../lists/sql-list';

/**
 * The stock reports are SQL lists (`api/lists/sql-list.ts`: one page, sort from a whitelist, a streamed CSV export)
 * that also answer figures over the whole filter (totals, age buckets). These helpers give those figures the same
 * `where` as the page, and read page and figures in one snapshot so they agree while postings continue.
 */

/** Each report reads one snapshot, so a page and its totals agree even while postings continue. */
export function inSnapshot<T>(orm: MikroORM, read: (em: EntityManager) => Promise<T>): Promise<T> {
  return orm.em.fork().transactional(read, { isolationLevel: IsolationLevel.REPEATABLE_READ, readOnly: true });
}

/** The list's `where` (its filters and the `q` search), as `listPage` builds it, for the report's own figures. */
export function reportWhere<Q extends SqlListQuery, R>(spec: SqlListSpec<Q, R>, listQuery: Q): Condition {
  const conditions = [...spec.where(listQuery)];
  const search = listQuery.q?.trim();
  if (search && spec.searchFields.length > 0) {
    conditions.push({
      sql: `(${spec.searchFields.map((field) => `${field} ilike ?`).join(' or ')})`,
      params: spec.searchFields.map(() => likePattern(search)),
    });
  }
  if (conditions.length === 0) return { sql: '', params: [] };
  return {
    sql: `where ${conditions.map((c) => `(${c.sql})`).join(' and ')}`,
    params: conditions.flatMap((c) => c.params),
  };
}

/** A text filter matched anywhere in `column`, case-insensitively (a typed part of a location or lot code). */
export function containing(value: string | undefined, column: string): Condition[] {
  const text = value?.trim();
  return text ? [{ sql: `${column} ilike ?`, params: [likePattern(text)] }] : [];
}

/** A nullable text column as the wire shows it. */
export const nullableText = (value: unknown) => (value === null || value === undefined ? null : String(value));
