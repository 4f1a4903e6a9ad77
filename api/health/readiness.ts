import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { Client } from '@temporalio/client';
import { retryAfterFor } from '../errors';
import type { Dependency } from '../dependency-errors';
import { withTimeout } from '../timeout';

/** Each check's budget: a readiness probe must answer quickly, whether the server refuses or hangs. */
export const READINESS_CHECK_TIMEOUT_MS = 2_000;

/** How long a migrations check that answered is reused: probes come every few seconds, the schema changes on deploys. */
export const MIGRATIONS_CHECK_CACHE_MS = 5_000;

/** `up` or `down` per dependency, as `/readyz` reports them. */
export type DependencyStates = Record<Dependency, 'up' | 'down'>;

/**
 * Whether the database's schema is the one this code expects: `current` (no committed migration is pending),
 * `pending` (some are: the migration job has not run yet), `unknown` (PostgreSQL did not answer).
 */
export type MigrationState = 'current' | 'pending' | 'unknown';

/** What `/readyz` answers: `ok` only when every dependency is up and the migrations are current. */
export interface Readiness {
  ok: boolean;
  dependencies: DependencyStates;
  migrations: MigrationState;
}

async function isUp(check: () => Promise<unknown>): Promise<'up' | 'down'> {
  try {
    await withTimeout(check(), READINESS_CHECK_TIMEOUT_MS);
    return 'up';
  } catch {
    return 'down';
  }
}

/** Asks Temporal's frontend for its system info (the call the client makes when it connects), within `deadlineMs`. */
export function pingTemporal(temporal: Client, deadlineMs: number): Promise<unknown> {
  const { connection } = temporal;
  return connection.withDeadline(Date.now() + deadlineMs, () => connection.workflowService.getSystemInfo({}));
}

/**
 * The names of the committed migrations (db/migrations/index.ts) the database has not applied, as MikroORM's migrator
 * lists them. An answer is reused for `cacheMs` (concurrent probes share one check); a failed check is not kept.
 */
export class MigrationsCheck {
  private last: { at: number; pending: string[] } | undefined;
  private running: Promise<string[]> | undefined;

  constructor(
    private readonly orm: MikroORM,
    private readonly cacheMs = MIGRATIONS_CHECK_CACHE_MS,
  ) {}

  async pending(): Promise<string[]> {
    if (this.last && Date.now() - this.last.at < this.cacheMs) return this.last.pending;
    this.running ??= this.orm
      .getMigrator()
      .getPendingMigrations()
      .then((migrations) => {
        const pending = migrations.map((migration) => migration.name);
        this.last = { at: Date.now(), pending };
        return pending;
      })
      .finally(() => {
        this.running = undefined;
      });
    return this.running;
  }
}

export interface ReadinessDeps {
  orm: MikroORM;
  temporal: Client;
  /** The app's migrations check (its cache lives as long as the app); a fresh one per call when absent. */
  migrations?: MigrationsCheck;
}

/**
 * Asks PostgreSQL for `select 1` through the API's own pool (so a pool holding dead connections shows as down),
 * Temporal's frontend for its system info (the call the client makes when it connects) and MikroORM's migrator for
 * the pending migrations, all at once, each within {@link READINESS_CHECK_TIMEOUT_MS}. Also returns the pending
 * migrations' names, for the log.
 */
export async function checkReadiness(deps: ReadinessDeps): Promise<Readiness & { pendingMigrations: string[] }> {
  const migrationsCheck = deps.migrations ?? new MigrationsCheck(deps.orm, 0);
  const [postgres, temporal, pendingMigrations] = await Promise.all([
    isUp(() => deps.orm.em.getConnection().execute('select 1')),
    isUp(() => pingTemporal(deps.temporal, READINESS_CHECK_TIMEOUT_MS)),
    withTimeout(migrationsCheck.pending(), READINESS_CHECK_TIMEOUT_MS).catch(() => undefined),
  ]);
  let migrations: MigrationState = 'unknown';
  if (postgres === 'up' && pendingMigrations) migrations = pendingMigrations.length > 0 ? 'pending' : 'current';
  return {
    ok: postgres === 'up' && temporal === 'up' && migrations === 'current',
    dependencies: { postgres, temporal },
    migrations,
    pendingMigrations: pendingMigrations ?? [],
  };
}

/** Logs the migrations' state when it changes (probes come every few seconds; one line per change is enough). */
function migrationsLogger(log: FastifyBaseLogger) {
  let previous: string | undefined;
  return (readiness: Readiness & { pendingMigrations: string[] }) => {
    const now = `${readiness.migrations}:${readiness.pendingMigrations.join(',')}`;
    if (now === previous) return;
    previous = now;
    if (readiness.migrations === 'pending') {
      log.warn(
        { pendingMigrations: readiness.pendingMigrations },
        `Not ready: ${readiness.pendingMigrations.length} migration(s) not applied; run the migration job (scripts/migrate.ts)`,
      );
    } else if (readiness.migrations === 'current') {
      log.info('Migrations current');
    }
  };
}

/**
 * `GET /readyz`, the readiness probe (public, outside /api and the OpenAPI document, like the liveness probe
 * `/api/health`): 200 when PostgreSQL and Temporal answer and no migration is pending, else 503 with Retry-After
 * naming what is down (or `migrations: pending`). It says only up or down: the reasons (addresses, errors, the
 * pending migrations' names) are for the log, not for anonymous callers.
 */
export function installReadiness(app: FastifyInstance, deps: ReadinessDeps): void {
  const migrations = deps.migrations ?? new MigrationsCheck(deps.orm);
  const logMigrations = migrationsLogger(app.log);
  app.get('/readyz', { config: { roles: 'public' }, schema: { hide: true } }, async (_request, reply) => {
    const { pendingMigrations, ...readiness } = await checkReadiness({ ...deps, migrations });
    logMigrations({ ...readiness, pendingMigrations });
    if (!readiness.ok) reply.status(503).header('Retry-After', String(retryAfterFor('DEPENDENCY_UNAVAILABLE')));
    return readiness;
  });
}
