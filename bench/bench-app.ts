import type { FastifyInstance } from 'fastify';
import type { MikroORM } from '@mikro-orm/postgresql';
import { Client } from '@temporalio/client';
import { buildApp, type AppDeps } from '../api/app';
import { DEMO_PASSWORD } from '../db/seeds/demo-data';
import { lazyTemporalConnection } from '../api/temporal';

/**
 * The API as api/main.ts builds it, for benches of routes that read PostgreSQL only (lists, the inbox, the console's
 * files): its Temporal connection is lazy and never opened. `extra` adds or overrides dependencies (the console's
 * directory). Not yet listening: `inject` it, or `listen` for a browser.
 */
export async function benchApp(orm: MikroORM, extra: Partial<AppDeps> = {}): Promise<FastifyInstance> {
  const temporal = new Client({ connection: lazyTemporalConnection({ address: '127.0.0.1:1' }), namespace: 'bench' });
  return buildApp({
    orm,
    temporal,
    taskQueue: 'bench',
    temporalUiUrl: 'http://127.0.0.1:8233',
    sessionTtlHours: 1,
    pickTaskSlaMinutes: 60,
    logLevel: 'silent',
    ...extra,
  });
}

/** Signs a seeded demo user in through the API and returns the bearer header its requests carry. */
export async function benchLogin(app: FastifyInstance, username: string): Promise<{ authorization: string }> {
  const login = await app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { username, password: DEMO_PASSWORD },
  });
  if (login.statusCode !== 200) throw new Error(`login: ${login.statusCode} ${login.body}`);
  return { authorization: `Bearer ${login.json<{ token: string }>().token}` };
}
