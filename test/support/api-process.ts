import type { ChildProcess } from 'node:child_process';
import { DEMO_PASSWORD } from '../../db/seeds/demo-data';
import { fileLog, spawnTs } from '../../scripts/processes';
import { findFreePort } from '../../scripts/ports';
import { stopChild } from '../../scripts/temporal-server';
import { intEnv } from './int-env';

/** What a fault test varies in the API process it starts. */
export interface ApiProcessOptions {
  /** Where the API reaches Temporal (a fault proxy's address); the test Temporal server by default. */
  temporalAddress?: string;
  /** MILLWRIGHT_FAULT_API_CRASH_AT: the point at which the API kills itself (e.g. `intake.after-commit`). */
  crashAt?: string;
  /** Further environment (start deadline, relay interval, ...). */
  env?: NodeJS.ProcessEnv;
}

/** A real API process (api/main.ts, the production entry point) listening on a free port. */
export interface ApiProcess {
  readonly child: ChildProcess;
  readonly url: string;
  /** Its output so far, for a failing assertion's message. */
  output(): string;
  /** Resolves once the process is gone, with the signal that ended it (if any). */
  readonly exited: Promise<NodeJS.Signals | null>;
  stop(): Promise<void>;
}

/**
 * Starts api/main.ts on the test PostgreSQL and Temporal, so a test can kill it -9, restart it, or put a proxy between
 * it and Temporal. Output is kept in memory (and appended to MW_TEST_API_PROCESS_LOG when set).
 */
export async function startApiProcess(options: ApiProcessOptions = {}): Promise<ApiProcess> {
  const env = intEnv();
  const port = await findFreePort();
  const lines: string[] = [];
  const toFile = process.env.MW_TEST_API_PROCESS_LOG ? fileLog(process.env.MW_TEST_API_PROCESS_LOG) : undefined;
  const child = await spawnTs(
    'api/main.ts',
    {
      DATABASE_URL: env.databaseUrl,
      TEMPORAL_ADDRESS: options.temporalAddress ?? env.temporalAddress,
      TEMPORAL_NAMESPACE: env.namespace,
      TEMPORAL_TASK_QUEUE: env.taskQueue,
      API_HOST: '127.0.0.1',
      API_PORT: String(port),
      LOG_LEVEL: 'info',
      MILLWRIGHT_FAULT_API_CRASH_AT: options.crashAt ?? '',
      ...options.env,
    },
    'Server listening at',
    (line) => {
      lines.push(line);
      if (lines.length > 200) lines.shift();
      toFile?.(line);
    },
  );
  const exited = new Promise<NodeJS.Signals | null>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve(child.signalCode);
    else child.once('exit', (_code, signal) => resolve(signal));
  });
  return {
    child,
    url: `http://127.0.0.1:${port}`,
    output: () => lines.join('\n'),
    exited,
    stop: () => stopChild(child, 15_000),
  };
}

/** Signs a demo user in over HTTP and returns the bearer header. */
export async function loginOverHttp(api: ApiProcess, username: string): Promise<{ authorization: string }> {
  const response = await fetch(`${api.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: DEMO_PASSWORD }),
  });
  if (response.status !== 200) throw new Error(`login ${username}: ${response.status} ${await response.text()}`);
  return { authorization: `Bearer ${((await response.json()) as { token: string }).token}` };
}

/** A JSON POST to the API process; the answer's status, Retry-After and body (or the network error). */
export async function postJson(
  api: ApiProcess,
  path: string,
  headers: Record<string, string>,
  body: unknown,
): Promise<{ status: number; retryAfter: string | null; body: Record<string, unknown> }> {
  const response = await fetch(`${api.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
    // A hanging API is an answer too, but a test must say so rather than wait out Jest's timeout.
    signal: AbortSignal.timeout(30_000),
  });
  const text = await response.text();
  return {
    status: response.status,
    retryAfter: response.headers.get('retry-after'),
    body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
  };
}
