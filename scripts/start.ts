import { loadConfig } from '../config/env';
import { DEMO_PASSWORD, DEMO_USERS } from '../db/seeds/demo-data';
import { startPlatform } from './platform';
import { writeReadyFile } from './processes';

/** `npm start`: the whole platform on one command; Ctrl-C stops everything. */
async function main(): Promise<void> {
  const config = loadConfig();
  const say = (line: string) => console.log(`[millwright] ${line}`);
  const started = Date.now();
  say(`data directory: ${config.dataDir}`);
  const platform = await startPlatform(config, say);
  say(`ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  console.log(`
  Console          ${platform.consoleUrl}
  API docs         ${platform.apiDocsUrl}
  Temporal Web UI  ${platform.temporalUiUrl}
  Logs             ${config.dataDir}/logs
`);
  if (!platform.hasUsers) {
    console.log(`  No users yet (demo data is off for this database). Create the first administrator:
    MILLWRIGHT_ADMIN_PASSWORD=... npm run admin:create -- --username <name> --display-name "<full name>"
`);
  }
  if (platform.seededNow) {
    console.log(`  Demo users (first run), all with password "${DEMO_PASSWORD}":`);
    for (const user of DEMO_USERS) console.log(`    ${user.username.padEnd(11)} ${user.roles.join(', ')}`);
    console.log('');
  }
  const readyFile = process.argv[process.argv.indexOf('--ready-file') + 1];
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    say(`${signal}: stopping ...`);
    platform.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  if (process.argv.includes('--ready-file') && readyFile) {
    // Started by a test harness: stop when the harness goes away, then tell it we are ready.
    process.stdin.on('end', () => shutdown('parent gone'));
    process.stdin.resume();
    writeReadyFile(readyFile, { consoleUrl: platform.consoleUrl, databaseUrl: platform.databaseUrl });
  }
}

main().catch((error: unknown) => {
  console.error(`[millwright] could not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
