import { loadConfig } from '../config/env';
import { migrate, openOrm } from '../db/orm';
import { seedDefaultRuleSets } from '../db/seeds/rule-seed';
import { seedDemoData } from '../db/seeds/seed';
import { contentHash } from '../rules/engine/hash';

/**
 * Applies pending migrations against DATABASE_URL and publishes the default rule sets where none are (as `npm start`
 * does: without them every decision falls back to "no rules published"); `--seed-demo` also loads the demo data into
 * an empty database.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  if (!config.databaseUrl) throw new Error('Set DATABASE_URL to the database to migrate');
  const orm = await openOrm(config.databaseUrl);
  try {
    const applied = await migrate(orm);
    console.log(applied.length ? `applied: ${applied.join(', ')}` : 'schema is up to date');
    const published = await orm.em.fork().transactional((em) => seedDefaultRuleSets(em, contentHash));
    console.log(published ? 'default rule sets published' : 'rule sets already published');
    if (process.argv.includes('--seed-demo')) {
      const seeded = await orm.em.fork().transactional((em) => seedDemoData(em));
      console.log(seeded ? 'demo data seeded' : 'database already has users; demo data left alone');
    }
  } finally {
    await orm.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
