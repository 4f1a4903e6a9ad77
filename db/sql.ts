import type { EntityManager } from '@mikro-orm/postgresql';

/** Runs SQL inside the EntityManager's current transaction (if any) and returns the rows. */
export async function query<T>(em: EntityManager, sql: string, params: unknown[] = []): Promise<T[]> {
  return em.execute<T[]>(sql, params as never[]);
}

/** PostgreSQL returns numeric columns as strings to keep precision; quantities fit a double exactly at 3 decimals. */
export function num(value: unknown): number {
  return typeof value === 'number' ? value : Number(value);
}
