#!/usr/bin/env node
// Entry point of every npm script that needs set-up. Plain Node (no dependencies), because it is what
// installs the dependencies: `npm ci` when node_modules is missing or older than package-lock.json.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => join(root, 'node_modules', '.bin', name);

function run(command, args, env = {}) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  if (result.error) throw result.error;
  return result.status ?? 1;
}

function ensureDependencies() {
  const marker = join(root, 'node_modules', '.package-lock.json');
  const lock = join(root, 'package-lock.json');
  if (existsSync(marker) && statSync(marker).mtimeMs >= statSync(lock).mtimeMs) return;
  console.log('[millwright] installing dependencies (npm ci) ...');
  if (run('npm', ['ci', '--no-audit', '--no-fund']) === 0) return;
  // Registries that mirror only some platforms leave other platforms' optional binaries (swc, rollup, ...)
  // out of the lock file, which `npm ci` then rejects as "missing". `npm install --no-save` installs the
  // same locked versions without rewriting the lock file.
  console.log('[millwright] npm ci refused the lock file; installing the locked versions with npm install --no-save');
  const status = run('npm', ['install', '--no-audit', '--no-fund', '--no-save']);
  if (status !== 0) process.exit(status);
}

const jest = (project, extra = []) => [bin('jest'), ['--selectProjects', project, ...extra]];
// Test servers wait for their ready file with a timeout; a first `go install` of the Temporal CLI must not count.
const temporalCli = [bin('tsx'), ['scripts/ensure-temporal-cli.ts'], { setup: true }];
const commands = {
  start: [[bin('tsx'), ['scripts/start.ts']]],
  'test:unit': [jest('unit')],
  'test:int': [temporalCli, jest('integration', ['--runInBand'])],
  e2e: [temporalCli, jest('e2e', ['--runInBand'])],
  test: [jest('unit'), temporalCli, jest('integration', ['--runInBand']), jest('e2e', ['--runInBand'])],
  bench: [[bin('tsx'), ['bench/run.ts']]],
};

const name = process.argv[2];
const steps = commands[name];
if (!steps) {
  console.error(`unknown command ${name}; one of: ${Object.keys(commands).join(', ')}`);
  process.exit(2);
}
ensureDependencies();
for (const [command, args, options = {}] of steps) {
  // For Jest, extra arguments go first: after --selectProjects, it would read a test path as a project name.
  const extra = options.setup ? [] : process.argv.slice(3);
  // Jest takes extra arguments first; a script run by tsx (bench, start) takes them after its path.
  const ordered = command === bin('jest') ? [...extra, ...args] : [...args, ...extra];
  const status = run(command, ordered, { NG_CLI_ANALYTICS: 'false' });
  if (status !== 0) process.exit(status);
}
