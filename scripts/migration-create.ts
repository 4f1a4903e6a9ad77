import { loadConfig } from '../config/env';
import { openOrm } from '../db/orm';
import { ensurePostgres } from './infrastructure';

/** Generates a migration from the difference between the entities and the committed snapshot. */
async function main(): Promise<void> {
  const config = loadConfig();
  const pg = await ensurePostgres(config, () => undefined);
  const orm = await openOrm(pg.url);
  try {
    const initial = process.argv.includes('--initial');
    const result = await orm.getMigrator().createMigration(undefined, false, initial);
    console.log(result.fileName ? `created ${result.fileName}; add it to db/migrations/index.ts` : 'no changes');
  } finally {
    await orm.close();
    await pg.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
