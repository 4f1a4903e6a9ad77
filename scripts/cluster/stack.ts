import { join } from 'node:path';
import { loadConfig } from '../../config/env';
import { DEMO_PASSWORD, DEMO_USERS } from '../../db/seeds/demo-data';
import { startCluster, type RunningCluster } from './cluster';
import { readComposeTemporalVersion } from './temporal-binaries';
import { standardTemporalPorts } from './temporal-config';

/**
 * `npm run stack:cluster`: docker-compose.yml's topology on native binaries, kept running until Ctrl-C or SIGTERM.
 * Ports: PostgreSQL at PG_PORT, the Temporal frontend at TEMPORAL_PORT (its other services around it, as Temporal's
 * own development layout), the API nodes at API_PORT and API_PORT + 1. Data (kept between runs) in
 * `<MILLWRIGHT_DATA_DIR>/cluster`.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  const say = (line: string) => console.log(`[cluster] ${line}`);
  const dataDir = join(config.dataDir, 'cluster');
  const started = Date.now();
  say(`data directory: ${dataDir}`);
  const aborted = new AbortController();
  const running: { cluster?: RunningCluster } = {}; // set once started; until then an abort stops the start-up
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    say(`${signal}: stopping the API nodes, workers, Temporal server and PostgreSQL ...`);
    if (!running.cluster) return aborted.abort(); // startCluster stops what it started, then main() exits
    running.cluster.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));

  const cluster = await startCluster({
    dataDir,
    cacheDir: config.cacheDir,
    temporalVersion: readComposeTemporalVersion(),
    namespace: config.namespace,
    taskQueue: config.taskQueue,
    ports: {
      postgres: config.pgPort,
      temporal: standardTemporalPorts(config.temporalPort),
      apis: [config.apiPort, config.apiPort + 1],
    },
    workers: 2,
    say,
    signal: aborted.signal,
  });
  running.cluster = cluster;
  if (aborted.signal.aborted) {
    await cluster.stop(); // the signal came after the last step had begun
    process.exit(0);
  }
  for (const node of [...cluster.workers, ...cluster.apis]) {
    node.child.once('exit', (code, signal) => {
      if (!stopping) say(`${node.name} exited (${code ?? signal}); the others carry on. Its log: ${cluster.logsDir}`);
    });
  }
  say(`ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  console.log(`
  API nodes         ${cluster.apis.map((api) => api.url).join('   ')}   (console at /, API docs at /docs)
  Workers           ${cluster.workers.map((worker) => `${worker.name} (pid ${worker.child.pid})`).join(', ')}
  Temporal          ${cluster.temporalAddress} (server v${cluster.temporal.version} on PostgreSQL, namespace ${cluster.namespace})
  PostgreSQL        ${cluster.databaseUrl.replace(/:[^:@/]+@/, ':***@')}
  Logs              ${cluster.logsDir}
  Demo users        ${DEMO_USERS.map((user) => user.username).join(', ')} (password "${DEMO_PASSWORD}")

  Ctrl-C stops everything.
`);
}

main().catch((error: unknown) => {
  if (error instanceof Error && error.name === 'AbortError') process.exit(0); // stopped while starting: all down
  console.error(`[cluster] could not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
