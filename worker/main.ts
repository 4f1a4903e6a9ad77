import { loadConfig } from '../config/env';
import { openOrm } from '../db/orm';
import { createWorker } from './create-worker';

/**
 * The worker process. It needs DATABASE_URL and TEMPORAL_ADDRESS (npm start passes both); it stops cleanly on
 * SIGINT/SIGTERM, letting running activities finish.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  if (!config.databaseUrl || !config.temporalAddress) {
    throw new Error('The worker needs DATABASE_URL and TEMPORAL_ADDRESS; `npm start` sets both.');
  }
  const orm = await openOrm(config.databaseUrl);
  const { worker, connection } = await createWorker({
    orm,
    temporalAddress: config.temporalAddress,
    namespace: config.namespace,
    taskQueue: config.taskQueue,
    workflowBundle: config.workflowBundlePath ? { codePath: config.workflowBundlePath } : undefined,
    crashAfterCommit: config.faultCrashAfter,
  });
  console.log(`worker ready on task queue ${config.taskQueue}`);
  try {
    await worker.run();
  } finally {
    await connection.close();
    await orm.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
