import type { EntityManager } from '@mikro-orm/postgresql';

/** Runs SQL inside the EntityManager's current transaction (if any) and returns the rows. */
export async function query<T>(em: EntityManager, sql: string, params: unknown[] = []): Promise<T[]> {
  return em.execute<T[]>(sql, params as never[]);
}

/** PostgreSQL returns numeric columns as strings to keep precision; quantities fit a double exactly at 3 decimals. */
export function num(value: unknown): number {
  return typeof value === 'number' ? value : Number(value);
}

/** One named step of a combined statement: SQL with its `?` parameters in order. */
export interface Step {
  name: string;
  sql: string;
  params: unknown[];
}

/**
 * Runs `steps` as the WITH clauses of one statement ending in `final`: one round trip however many rows they
 * write. Every data-modifying step runs exactly once, all on the statement's one snapshot: a step sees the rows
 * another step returns (and then runs after it: the only order there is), never its effect on the tables. So no
 * two steps may change the same row.
 */
export async function runSteps<T>(em: EntityManager, steps: Step[], final: string, params: unknown[] = []) {
  const clauses = steps.map((step) => `${step.name} as (${step.sql})`).join(',\n');
  const sql = steps.length > 0 ? `with ${clauses}\n${final}` : final;
  return query<T>(em, sql, [...steps.flatMap((step) => step.params), ...params]);
}
