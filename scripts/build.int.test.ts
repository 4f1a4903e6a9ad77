import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { builtinModules } from 'node:module';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { temporal as protos } from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import { DEMO_PASSWORD } from '../db/seeds/demo-data';
import { intEnv, eventually, countRows, useTestOrm } from '../test/support/int-env';
import { packAll, pickAll, shipAll, type TaskView } from '../test/support/order-driver';
import { fetchCall, packCheckShipment } from '../test/support/pack-check';
import { itemWithStock } from '../test/support/stock';
import type { BuildInfo } from '../worker/versioning';
import { findFreePort } from './ports';
import { REPO_ROOT } from './processes';
import { stopChild } from './temporal-server';

/**
 * The production image's contract without Docker: `npm run build` into a directory of its own (the image's /app), a
 * node_modules there holding only the production packages of package-lock.json (what `npm ci --omit=dev` installs in
 * the image), and the compiled API and worker started with plain `node` (no tsx, no ts-node): the API answers /readyz
 * and an order runs through the compiled worker to completion.
 */
jest.setTimeout(900_000);

const db = useTestOrm();
let root: string;
let app: string;
const children: ChildProcess[] = [];

/** Top-level packages of package-lock.json that `npm ci --omit=dev` installs, by name. */
function productionPackages(): string[] {
  const lock = JSON.parse(readFileSync(join(REPO_ROOT, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, { dev?: boolean }>;
  };
  return Object.entries(lock.packages)
    .filter(([path, entry]) => /^node_modules\/(@[^/]+\/)?[^/]+$/.test(path) && !entry.dev)
    .map(([path]) => path.slice('node_modules/'.length))
    .filter((name) => existsSync(join(REPO_ROOT, 'node_modules', name)));
}

function devPackages(): Set<string> {
  const lock = JSON.parse(readFileSync(join(REPO_ROOT, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, { dev?: boolean }>;
  };
  return new Set(
    Object.entries(lock.packages)
      .filter(([path, entry]) => /^node_modules\/(@[^/]+\/)?[^/]+$/.test(path) && entry.dev)
      .map(([path]) => path.slice('node_modules/'.length)),
  );
}

/** The build's files, without the node_modules the test links in. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (name === 'node_modules') return [];
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/** The compiled modules (the workflow bundle is webpack's, its requires are its own). */
const jsFiles = (dir: string) =>
  filesUnder(dir).filter((file) => file.endsWith('.js') && !file.endsWith('workflow-bundle.js'));

/** The package a bare `require` names (`@scope/name/sub` -> `@scope/name`). */
const packageOf = (specifier: string) =>
  specifier
    .split('/')
    .slice(0, specifier.startsWith('@') ? 2 : 1)
    .join('/');

/** Starts a compiled entry point with plain node and resolves once it prints `readyLine`. */
function startNode(
  entry: string,
  env: NodeJS.ProcessEnv,
  readyLine: string,
): Promise<{ child: ChildProcess; output: () => string }> {
  const base = { ...process.env };
  delete base.NODE_OPTIONS; // nothing may slip a loader in
  const child = spawn(process.execPath, [join(app, entry)], {
    cwd: app,
    env: { ...base, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  const lines: string[] = [];
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${entry} not ready: ${lines.join('')}`)), 180_000);
    const onData = (chunk: Buffer) => {
      lines.push(chunk.toString());
      if (lines.length > 200) lines.shift();
      if (chunk.toString().includes(readyLine)) {
        clearTimeout(timer);
        resolve({ child, output: () => lines.join('') });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`${entry} exited (${code ?? signal}): ${lines.join('')}`));
    });
  });
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'millwright-build-'));
  app = join(root, 'app');
  // Built once, as the image's build stage does (the console is built by the e2e set-up, not here).
  const build = spawnSync('npm', ['run', 'build', '--', '--out', app, '--skip-console'], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (build.status !== 0) throw new Error(`npm run build failed:\n${build.stdout}\n${build.stderr}`);
  // The image's runtime stage: production packages only (symlinks into this clone's node_modules).
  for (const name of productionPackages()) {
    const target = join(app, 'node_modules', name);
    mkdirSync(dirname(target), { recursive: true });
    symlinkSync(join(REPO_ROOT, 'node_modules', name), target, 'dir');
  }
  // Where api/app.ts looks for the console in the image (ui/dist/browser beside the compiled code).
  mkdirSync(join(app, 'ui', 'dist', 'browser'), { recursive: true });
  writeFileSync(join(app, 'ui', 'dist', 'browser', 'index.html'), '<!doctype html><title>console of the build</title>');
});

afterAll(async () => {
  for (const child of children) await stopChild(child, 15_000);
  if (root) rmSync(root, { recursive: true, force: true });
});

describe('npm run build: the production build runs with plain node on production packages only', () => {
  test('the build holds the compiled server, the workflow bundle and its build id, and no TypeScript', () => {
    for (const file of [
      'api/main.js',
      'worker/main.js',
      'scripts/migrate.js',
      'scripts/admin-create.js',
      'workflow-bundle.js',
    ]) {
      expect(existsSync(join(app, file))).toBe(true);
    }
    expect(filesUnder(app).filter((file) => file.endsWith('.ts'))).toEqual([]);
    const info = JSON.parse(readFileSync(join(app, 'build-info.json'), 'utf8')) as BuildInfo;
    expect(info.buildId).toBe(`${info.version}-${info.bundleHash}`);
    expect(info.bundleHash).toMatch(/^[0-9a-f]{16}$/);
    // No test code in the image.
    expect(existsSync(join(app, 'test'))).toBe(false);
    expect(jsFiles(app).filter((file) => /\.test\.js$|test-support\.js$/.test(file))).toEqual([]);
  });

  test('every package the compiled code requires is a production dependency (none of the dev ones, no tsx)', () => {
    const dev = devPackages();
    const installed = new Set(productionPackages());
    const builtins = new Set(builtinModules);
    const required = new Set<string>();
    for (const file of jsFiles(app)) {
      for (const match of readFileSync(file, 'utf8').matchAll(/require\("([^"]+)"\)/g)) {
        const specifier = match[1] ?? '';
        if (specifier.startsWith('.') || specifier.startsWith('node:') || builtins.has(specifier)) continue;
        required.add(packageOf(specifier));
      }
    }
    expect(required.size).toBeGreaterThan(10);
    expect([...required].filter((name) => dev.has(name) || !installed.has(name))).toEqual([]);
    expect([...required].filter((name) => ['tsx', 'ts-node', 'typescript', '@swc/core'].includes(name))).toEqual([]);
  });

  test('the prebuilt workflow bundle replays every recorded history (the replay fixtures guard what ships)', async () => {
    const dir = join(REPO_ROOT, 'test', 'replay', 'histories');
    const histories = readdirSync(dir, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .flatMap((folder) =>
        readdirSync(join(dir, folder.name))
          .filter((file) => file.endsWith('.json'))
          .map((file) => {
            const recorded = JSON.parse(readFileSync(join(dir, folder.name, file), 'utf8')) as {
              workflowId: string;
              history: string;
            };
            const history = protos.api.history.v1.History.decode(Buffer.from(recorded.history, 'base64'));
            return { workflowId: recorded.workflowId, history };
          }),
      );
    expect(histories.length).toBeGreaterThanOrEqual(8);
    const failed: string[] = [];
    let replayed = 0;
    const replays = Worker.runReplayHistories(
      { workflowBundle: { codePath: join(app, 'workflow-bundle.js') }, replayName: 'millwright-build-replay' },
      histories,
    );
    for await (const result of replays) {
      replayed += 1;
      if (result.error) failed.push(`${result.workflowId}: ${result.error.message}`);
    }
    expect(failed).toEqual([]);
    expect(replayed).toBe(histories.length);
  });

  test('the compiled API (node api/main.js) is ready and the compiled worker (node worker/main.js) runs an order to completion', async () => {
    const env = intEnv();
    const common = {
      DATABASE_URL: env.databaseUrl,
      TEMPORAL_ADDRESS: env.temporalAddress,
      TEMPORAL_NAMESPACE: env.namespace,
      TEMPORAL_TASK_QUEUE: env.taskQueue,
      NODE_ENV: 'production',
    };
    const worker = await startNode(
      'worker/main.js',
      {
        ...common,
        MILLWRIGHT_WORKFLOW_BUNDLE: join(app, 'workflow-bundle.js'),
        MILLWRIGHT_RECONCILIATION_CRON: 'off',
        MILLWRIGHT_CYCLE_COUNT_CRON: 'off',
        MILLWRIGHT_ALERTS_CRON: 'off',
      },
      'worker ready',
    );
    const port = await findFreePort();
    const api = await startNode(
      'api/main.js',
      { ...common, API_HOST: '127.0.0.1', API_PORT: String(port), LOG_LEVEL: 'info' },
      'Server listening at',
    );
    const url = `http://127.0.0.1:${port}`;

    // A readiness probe is polled: each check has 2 s, which a cold process on a loaded machine may miss at first.
    let last = '';
    const ready = await eventually(
      async () => {
        const response = await fetch(`${url}/readyz`);
        last = `${response.status} ${await response.text()}`;
        return response.status === 200 ? last : undefined;
      },
      60_000,
      'the compiled API to be ready',
    ).catch((error: unknown) => {
      throw new Error(`${(error as Error).message}; /readyz answered last: ${last}`);
    });
    expect(JSON.parse(ready.slice(4))).toEqual({
      ok: true,
      dependencies: { postgres: 'up', temporal: 'up' },
      migrations: 'current',
    });
    // The console is served from ui/dist/browser beside the compiled code, as in the image.
    expect(await (await fetch(`${url}/tasks/1`)).text()).toContain('console of the build');

    const login = await fetch(`${url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'clerk', password: DEMO_PASSWORD }),
    });
    expect(login.status).toBe(200);
    const { token } = (await login.json()) as { token: string };
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const sku = await itemWithStock(db.orm, `BUILD-${process.pid}-${Date.now()}`, [
      { location: 'MAIN-A01', lot: `BL${process.pid}`, quantity: 3 },
    ]);
    const placed = await fetch(`${url}/api/orders`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ customerCode: 'C-ECO', lines: [{ itemSku: sku, quantity: 2 }] }),
    });
    expect(placed.status).toBe(201);
    const { workflowId, orderNumber } = (await placed.json()) as { workflowId: string; orderNumber: string };

    const openTask = (taskType: string) =>
      eventually(
        async () => {
          const response = await fetch(`${url}/api/processes/${workflowId}`, { headers });
          const body = (await response.json()) as { tasks?: TaskView[] };
          return body.tasks?.find((task) => task.taskType === taskType && task.status === 'open');
        },
        120_000,
        `the ${taskType} task (worker: ${worker.output().slice(-800)})`,
      );
    const complete = async (task: TaskView, payload: Record<string, unknown>) => {
      const response = await fetch(`${url}/api/tasks/${task.id}/complete`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ payload }),
      });
      expect(response.status).toBe(200);
    };
    const pick = await openTask('pick');
    await complete(pick, { picks: pickAll(pick) });
    const pack = await openTask('pack');
    await complete(pack, packAll(pack));
    const ship = await openTask('ship');
    await packCheckShipment(fetchCall(url, token), ship);
    await complete(ship, shipAll(ship));
    await eventually(
      async () =>
        (await countRows(
          db.orm,
          `select count(*) as n from process_instance where workflow_id = ? and status = 'completed'`,
          [workflowId],
        )) === 1
          ? true
          : undefined,
      120_000,
      'the order to complete',
    );
    const shipped = await countRows(
      db.orm,
      `select count(*) as n from stock_move where document_ref = ? and move_type = 'shipment'`,
      [orderNumber],
    );
    expect(shipped).toBe(1);
    expect(api.output()).not.toMatch(/tsx|ts-node/);
  });
});
