import { join } from 'node:path';
import { MikroORM, type Options } from '@mikro-orm/postgresql';
import { Migrator } from '@mikro-orm/migrations';
import { ALL_ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';

/**
 * Passed to knex. A server that accepts the socket but never answers (hung, or a black-holed network) fails a new
 * connection after 10 s instead of holding the request forever. Connections PostgreSQL closed (a restart) are
 * dropped from the pool and replaced on their next use; knex warns about each on the console, but the request
 * that met the outage has already logged it, so those warnings are left out.
 */
const DRIVER_OPTIONS = {
  connection: { connectionTimeoutMillis: 10_000 },
  log: {
    warn: (message: string) => {
      if (!message.startsWith('Connection Error:')) console.warn(message);
    },
  },
};

/** The ORM settings every process uses; only the connection differs between them. */
export function ormOptions(databaseUrl: string, overrides: Partial<Options> = {}): Options {
  const migrations: Options['migrations'] = {
    path: join(__dirname, 'migrations'),
    pathTs: join(__dirname, 'migrations'),
    emit: 'ts',
    snapshot: true,
    snapshotName: '.snapshot-millwright',
    migrationsList: MIGRATIONS,
    transactional: true,
    allOrNothing: true,
    silent: true,
  };
  return {
    clientUrl: databaseUrl,
    entities: ALL_ENTITIES,
    discovery: { warnWhenNoEntities: true },
    extensions: [Migrator],
    pool: { min: 0, max: 20 },
    driverOptions: DRIVER_OPTIONS,
    forceUtcTimezone: true,
    debug: false,
    ...overrides,
    // Merged, not replaced: a caller may switch one migrations setting (see WITHOUT_SNAPSHOT_WRITES).
    migrations: { ...migrations, ...overrides.migrations },
  };
}

/**
 * For databases migrated only part way or for a test's own use: MikroORM rewrites the committed snapshot from the
 * database after every migration run, which must not happen from a schema that is not the entities' whole one.
 */
export const WITHOUT_SNAPSHOT_WRITES: Partial<Options> = { migrations: { snapshot: false } };

/** Opens the ORM; callers fork its EntityManager per request or activity run. */
export async function openOrm(databaseUrl: string, overrides: Partial<Options> = {}): Promise<MikroORM> {
  return MikroORM.init(ormOptions(databaseUrl, overrides));
}

/** Applies every committed migration that has not run yet. */
export async function migrate(orm: MikroORM): Promise<string[]> {
  const applied = await orm.getMigrator().up();
  return applied.map((migration) => migration.name);
}
