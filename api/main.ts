// First: with tracing on, the PostgreSQL instrumentation must be in place before the imports below load `pg`.
import { apiTracing } from './observability/tracing-start';
import { loadConfig } from '../config/env';
import { openOrm } from '../db/orm';
import { buildApp } from './app';
import { createTemporalClient } from './temporal';
import { tracingClientInterceptors } from './observability/tracing';

/**
 * The API process on its own (production / docker-compose). `npm start` runs the same app in-process with the
 * embedded servers instead. Needs DATABASE_URL and TEMPORAL_ADDRESS; migrations run separately (scripts/migrate.ts).
 */
async function main(): Promise<void> {
  const config = loadConfig();
  if (!config.databaseUrl || !config.temporalAddress)
    throw new Error('The API needs DATABASE_URL and TEMPORAL_ADDRESS');
  const orm = await openOrm(config.databaseUrl);
  const temporal = await createTemporalClient(
    config.temporalAddress,
    config.namespace,
    apiTracing ? tracingClientInterceptors() : undefined,
  );
  const app = await buildApp({
    orm,
    temporal,
    taskQueue: config.taskQueue,
    temporalUiUrl: config.temporalUiUrl ?? 'http://localhost:8080',
    sessionTtlHours: config.sessionTtlHours,
    pickTaskSlaMinutes: config.pickTaskSlaMinutes,
    creditApprovalMinutes: config.creditApprovalMinutes,
    backorderTimeoutMinutes: config.backorderTimeoutMinutes,
    processStartTimeoutMs: config.processStartTimeoutMs,
    outboxRelayMs: config.outboxRelayMs,
    idempotencyKeyDays: config.idempotencyKeyDays,
    faultApiCrashAt: config.faultApiCrashAt,
    logLevel: config.logLevel,
    tracing: apiTracing !== undefined,
  });
  const close = async () => {
    await app.close();
    await temporal.connection.close();
    await orm.close();
    await apiTracing?.shutdown(); // exports the spans still buffered
    process.exit(0);
  };
  process.once('SIGTERM', () => void close());
  process.once('SIGINT', () => void close());
  await app.listen({ port: config.apiPort, host: config.apiHost });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
