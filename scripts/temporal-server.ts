import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Connection } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { MILLWRIGHT_SEARCH_ATTRIBUTES } from '../workflows/search-attributes';
import { assertPortFree } from './ports';
import { describeRoute, resolveTemporalCli, type TemporalCliRoute } from './temporal-cli';

/** A running Temporal dev server. */
export interface TemporalHandle {
  address: string;
  namespace: string;
  uiUrl: string;
  route: string;
  stop(): Promise<void>;
}

export interface TemporalServerOptions {
  cacheDir: string;
  dataDir: string;
  port: number;
  uiPort: number;
  namespace: string;
  log: (line: string) => void;
}

const HOST = '127.0.0.1';

/** Starts the dev server with SQLite file persistence, our namespace and the console's search attributes. */
export async function startTemporalDevServer(options: TemporalServerOptions): Promise<TemporalHandle> {
  await assertPortFree(options.port, 'Temporal (TEMPORAL_PORT)');
  await assertPortFree(options.uiPort, 'Temporal Web UI (TEMPORAL_UI_PORT)');
  mkdirSync(options.dataDir, { recursive: true });
  const route = resolveTemporalCli(options.cacheDir, options.log);
  options.log(describeRoute(route));
  const address = `${HOST}:${options.port}`;
  const uiUrl = `http://${HOST}:${options.uiPort}`;
  const stop = route.kind === 'sdk-download' ? await startViaSdk(route, options) : startBinary(route.binary, options);
  try {
    await waitForNamespace(address, options.namespace);
  } catch (error) {
    await stop();
    throw error;
  }
  return { address, namespace: options.namespace, uiUrl, route: describeRoute(route), stop };
}

function devServerArgs(options: TemporalServerOptions): string[] {
  const attributes = MILLWRIGHT_SEARCH_ATTRIBUTES.flatMap((key) => ['--search-attribute', `${key.name}=Keyword`]);
  return [
    'server',
    'start-dev',
    '--db-filename',
    join(options.dataDir, 'temporal.db'),
    '--ip',
    HOST,
    '--port',
    String(options.port),
    '--ui-port',
    String(options.uiPort),
    '--namespace',
    options.namespace,
    '--log-level',
    'error',
    ...attributes,
  ];
}

function startBinary(binary: string, options: TemporalServerOptions): () => Promise<void> {
  const child = spawn(binary, devServerArgs(options), { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.on('data', (chunk: Buffer) => options.log(chunk.toString().trimEnd()));
  child.stderr?.on('data', (chunk: Buffer) => options.log(chunk.toString().trimEnd()));
  return () => stopChild(child);
}

/** Stops a child politely, then firmly: nothing may outlive `npm start` or a test run. */
export async function stopChild(child: ChildProcess, graceMs = 10_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

async function startViaSdk(
  route: Extract<TemporalCliRoute, { kind: 'sdk-download' }>,
  options: TemporalServerOptions,
): Promise<() => Promise<void>> {
  try {
    const env = await TestWorkflowEnvironment.createLocal({
      server: {
        executable: { type: 'cached-download', downloadDir: route.downloadDir },
        ip: HOST,
        port: options.port,
        ui: true,
        uiPort: options.uiPort,
        namespace: options.namespace,
        dbFilename: join(options.dataDir, 'temporal.db'),
        searchAttributes: [...MILLWRIGHT_SEARCH_ATTRIBUTES],
      },
    });
    return () => env.teardown();
  } catch (error) {
    throw new Error(
      `No Temporal server could be had: install the Temporal CLI (https://docs.temporal.io/cli) or Go ` +
        `(to build it), or allow internet access for the SDK download. Last error: ${String(error)}`,
    );
  }
}

/** The server accepts gRPC before the namespace is registered; wait until our namespace answers. */
async function waitForNamespace(address: string, namespace: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const connection = await Connection.connect({ address, connectTimeout: 2_000 });
      try {
        await connection.workflowService.describeNamespace({ namespace });
        return;
      } finally {
        await connection.close();
      }
    } catch (error) {
      lastError = error;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  throw new Error(`Temporal at ${address} did not become ready within ${timeoutMs} ms: ${String(lastError)}`);
}
