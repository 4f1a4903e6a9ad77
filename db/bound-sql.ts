import type { Knex } from '@mikro-orm/knex';
import type { EntityManager } from '@mikro-orm/postgresql';

/**
 * Runs `sql` with its `?` parameters bound (sent to PostgreSQL apart from the text), in the EntityManager's
 * transaction if any, and returns the rows. For statements carrying megabytes (a bulk write's rows as one JSON
 * parameter): `query` (db/sql.ts) goes through the ORM's `execute`, which writes every parameter into the SQL text,
 * escaping it character by character: about 8 s for the 25 MB of a 10,000-item MRP level.
 */
export async function queryBound<T>(em: EntityManager, sql: string, params: unknown[]): Promise<T[]> {
  const raw = em
    .getConnection()
    .getKnex()
    .raw(sql, params as Knex.RawBinding[]);
  const transaction = em.getTransactionContext<Knex.Transaction>();
  if (transaction) raw.transacting(transaction);
  const result = (await raw) as { rows: T[] };
  return result.rows;
}

/**
 * A list as one PostgreSQL array parameter for queryBound (`?::int[]`, `?::json[]`): knex would spread a JavaScript
 * array into a list of parameters. Strings are quoted and escaped; null is NULL.
 */
export function arrayLiteral(values: ReadonlyArray<string | number | null>): string {
  const element = (v: string | number | null) => {
    if (v === null) return 'NULL';
    if (typeof v === 'number') return String(v);
    return `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
  };
  return `{${values.map(element).join(',')}}`;
}
