import type { MikroORM } from '@mikro-orm/postgresql';
import { Client } from 'pg';
import { migrate, openOrm, WITHOUT_SNAPSHOT_WRITES } from '../../db/orm';

/**
 * A database of its own on the integration tests' PostgreSQL, migrated (the chart of accounts, UTC, January),
 * for tests that need a calendar or a close state no other test shares: the company time zone cannot change
 * once the shared database holds postings, and closes there would constrain every other test file.
 * Used by the calendar and period tests.
 */
export interface FreshBooks {
  orm: MikroORM;
  drop(): Promise<void>;
}

export async function freshBooks(label: string): Promise<FreshBooks> {
  // Read directly (not through int-env, which loads the whole app): these tests need only the database.
  const url0 = process.env.MW_TEST_DATABASE_URL;
  if (!url0) throw new Error('MW_TEST_DATABASE_URL is not set: run through the integration Jest project');
  const base = new URL(url0);
  const name = `mw_${label}_${process.pid}_${Date.now() % 1_000_000}`;
  await adminStatement(base, `create database "${name}"`);
  const url = new URL(base);
  url.pathname = `/${name}`;
  const orm = await openOrm(url.toString(), { ...WITHOUT_SNAPSHOT_WRITES, pool: { min: 0, max: 5 } });
  await migrate(orm);
  await numberDocumentsApart(orm);
  return {
    orm,
    drop: async () => {
      await orm.close();
      await adminStatement(base, `drop database if exists "${name}" with (force)`);
    },
  };
}

/**
 * Moves the database's document-number sequences (the ones no column owns: PO-, SO-, PRD-, SC-, IL- numbers...) to a
 * range of its own. Workflow ids are made of document numbers and every test database shares one Temporal server: a
 * fresh database numbering from the start again gave its first purchase order the shared database's PO-001000, and
 * a receipt process left running under that id by one file kept the other file's receipt from ever starting (CI).
 * Ranges start 1,000 apart per millisecond of creation, above anything the shared database reaches.
 */
async function numberDocumentsApart(orm: MikroORM): Promise<void> {
  const base = 100_000_000 + (Date.now() % 1_000_000) * 1_000;
  await orm.em.getConnection().execute(
    `select setval(c.oid, ?, false)
       from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where c.relkind = 'S' and n.nspname = current_schema()
        and not exists (select 1 from pg_depend d where d.objid = c.oid and d.deptype in ('a', 'i'))`,
    [base],
  );
}

/** Runs one statement on the integration PostgreSQL outside any pool (create or drop a database of a test's own). */
export async function adminStatement(base: URL, sql: string): Promise<void> {
  const client = new Client({ connectionString: base.toString() });
  client.on('error', () => undefined); // a session ended under it surfaces through the query, not as an uncaught error
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
