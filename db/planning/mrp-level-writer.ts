import type { EntityManager } from '@mikro-orm/postgresql';
import type { LevelStatement } from './mrp-plan-store';

/** The part of node-postgres's client the writer uses. */
interface PgClient {
  query(text: string, values: unknown[]): Promise<{ rows: unknown[] }>;
  connection?: { stream?: { writableLength?: number } };
}

/** The pool of the ORM's Knex, as far as the writer borrows from it. */
interface KnexPool {
  acquireConnection(): Promise<PgClient>;
  releaseConnection(connection: PgClient): Promise<void>;
}

/**
 * A connection of its own that stores a run's low-level codes while the next code is calculated. The calculation
 * is synchronous JavaScript: a statement sent through the ORM (a pool connection acquired asynchronously) would not
 * leave before it ends. An idle node-postgres client writes a query to its socket within `query()`, so PostgreSQL
 * stores code N while code N+1 is calculated (on another core). One statement at a time, in order: the caller awaits
 * each before sending the next.
 */
export class LevelWriter {
  private constructor(
    private readonly pool: KnexPool,
    private readonly client: PgClient,
  ) {}

  /**
   * Borrows a connection whose commits do not wait for the disk (synchronous_commit off): a code's commit waited
   * 100-300 ms for its megabytes of WAL to be flushed. A code lost to a database crash before the flush is not
   * lost to the plan: the calculation's retry resumes after the last code stored, and the run only reaches review
   * through closePlan's ordinary commit, which flushes every code's WAL before it.
   */
  static async open(em: EntityManager): Promise<LevelWriter> {
    const pool = (em.getConnection().getKnex() as unknown as { client: KnexPool }).client;
    const client = await pool.acquireConnection();
    try {
      await client.query('set synchronous_commit = off', []);
    } catch (error) {
      await pool.releaseConnection(client);
      throw error;
    }
    return new LevelWriter(pool, client);
  }

  /**
   * Sends the statement and resolves `sent` once all of it has left for PostgreSQL (megabytes of rows do not fit a
   * socket's buffer: what is left is written by the event loop, which the calculation would block); `done` once
   * PostgreSQL has run it (one statement: committed whole, or not at all).
   */
  async send(statement: LevelStatement): Promise<{ done: Promise<unknown> }> {
    const done = this.client.query(statement.text, statement.values);
    done.catch(() => undefined); // the caller awaits it; a failure must not surface as unhandled meanwhile
    const stream = this.client.connection?.stream;
    while ((stream?.writableLength ?? 0) > 0) await new Promise((resolve) => setImmediate(resolve));
    return { done };
  }

  /** Gives the connection back to the pool as it was lent (commits waiting for the disk again). */
  async close(): Promise<void> {
    try {
      await this.client.query('reset synchronous_commit', []);
    } finally {
      await this.pool.releaseConnection(this.client);
    }
  }
}
