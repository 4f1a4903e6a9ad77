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

/** Runs a command with its output kept rather than shown: it is shown only if it matters after all. */
function runQuietly(command, args) {
  const result = spawnSync(command, args, { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { status: result.error ? 1 : (result.status ?? 1), output: `${result.stdout ?? ''}${result.stderr ?? ''}` };
}

/** npm ci's reason in a few words, from its error output ("Missing: @swc/core-linux-arm64@1.2 from lock file"). */
function ciRefusal(output) {
  const missing = output.match(/Missing: \S+ from lock file/g) ?? [];
  if (missing.length > 0) {
    const example = missing[0]
      .replace(/^Missing: /, '')
      .replace(/ from lock file$/, '')
      .replace(/(.)@[^@]*$/, '$1');
    return `it lacks ${missing.length} package${missing.length === 1 ? '' : 's'} that npm ci wants, e.g. ${example}`;
  }
  const error = output.split('\n').find((line) => /^npm (error|ERR!) /.test(line));
  return error ? error.replace(/^npm (error|ERR!) /, '').trim() : 'see its output below if the fallback fails too';
}

function ensureDependencies() {
  const marker = join(root, 'node_modules', '.package-lock.json');
  const lock = join(root, 'package-lock.json');
  if (existsSync(marker) && statSync(marker).mtimeMs >= statSync(lock).mtimeMs) return;
  console.log('[millwright] installing dependencies (npm ci) ...');
  const ci = runQuietly('npm', ['ci', '--no-audit', '--no-fund']);
  if (ci.status === 0) return;
  // Registries that mirror only some platforms leave other platforms' optional binaries (swc, rollup, ...)
  // out of the lock file, which `npm ci` then rejects as "missing". `npm install --no-save` installs the
  // same locked versions without rewriting the lock file. npm ci's own output (its whole usage text) is
  // shown only if the fallback fails too.
  console.log(
    `[millwright] npm ci refused the lock file (${ciRefusal(ci.output)}); installing the locked versions with npm install --no-save instead`,
  );
  const status = run('npm', ['install', '--no-audit', '--no-fund', '--no-save', '--loglevel=error']);
  if (status !== 0) {
    console.error(`[millwright] npm install failed too; npm ci said:\n${ci.output}`);
    process.exit(status);
  }
}

/**
 * Finds or installs Chromium (scripts/ensure-chromium.ts) before any test runs, and exports it as CHROMIUM_PATH
 * for the browser tests; stops here, with one sentence saying what to install, when none could be had.
 */
function exportChromium() {
  const result = spawnSync(bin('tsx'), ['scripts/ensure-chromium.ts'], {
    cwd: root,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  if (result.status !== 0) process.exit(result.status ?? 1);
  process.env.CHROMIUM_PATH = result.stdout.trim().split('\n').pop();
  console.log(`[millwright] Chromium: ${process.env.CHROMIUM_PATH}`);
}

const jest = (project, extra = []) => [bin('jest'), ['--selectProjects', project, ...extra]];
// The integration files run one at a time (they share one database and Temporal), in one worker process that is
// replaced once it holds more than 2 GB after a file: run in band, the heap of 70-odd files' leftovers (bundles,
// clients, native runtimes) reached Node's 4 GB limit and the run died of it.
const oneAtATime = ['--maxWorkers=1', '--workerIdleMemoryLimit=2GB'];
// Test servers wait for their ready file with a timeout; a first `go install` of the Temporal CLI must not count.
const temporalCli = [bin('tsx'), ['scripts/ensure-temporal-cli.ts'], { setup: true }];
// The API fuzzing test's Schemathesis (PyPI, in a cached venv): installed before Jest, outside any test timeout.
const schemathesis = [bin('tsx'), ['scripts/ensure-schemathesis.ts'], { setup: true }];
// Only the browser tests need Chromium: `npm start` never looks for it.
const chromium = [exportChromium];
const commands = {
  start: [[bin('tsx'), ['scripts/start.ts']]],
  'test:unit': [jest('unit')],
  'test:int': [temporalCli, schemathesis, jest('integration', oneAtATime)],
  e2e: [chromium, temporalCli, jest('e2e', ['--runInBand'])],
  test: [
    chromium,
    jest('unit'),
    temporalCli,
    schemathesis,
    jest('integration', oneAtATime),
    jest('e2e', ['--runInBand']),
  ],
  bench: [[bin('tsx'), ['bench/run.ts']]],
  doctor: [[bin('tsx'), ['scripts/doctor.ts']]],
  'audit:verify': [[bin('tsx'), ['scripts/audit-verify.ts']]],
  'admin:create': [[bin('tsx'), ['scripts/admin-create.ts']]],
  // Issue 18: the deeper API fuzzing (Schemathesis, every role, stateful) and the chaos run.
  fuzz: [temporalCli, schemathesis, [bin('tsx'), ['scripts/fuzz/run.ts']]],
  chaos: [temporalCli, [bin('tsx'), ['scripts/chaos/run.ts']]],
  // Issue 19: the production topology on native binaries (Temporal server on PostgreSQL, two workers, two APIs).
  'stack:cluster': [[bin('tsx'), ['scripts/cluster/stack.ts']]],
  'test:cluster': [[bin('tsx'), ['scripts/cluster/test-cluster.ts']]],
};

const name = process.argv[2];
const steps = commands[name];
if (!steps) {
  console.error(`unknown command ${name}; one of: ${Object.keys(commands).join(', ')}`);
  process.exit(2);
}
ensureDependencies();
for (const [command, args, options = {}] of steps) {
  if (typeof command === 'function') {
    command();
    continue;
  }
  // For Jest, extra arguments go first: after --selectProjects, it would read a test path as a project name.
  const extra = options.setup ? [] : process.argv.slice(3);
  // Jest takes extra arguments first; a script run by tsx (bench, start) takes them after its path.
  const ordered = command === bin('jest') ? [...extra, ...args] : [...args, ...extra];
  const status = run(command, ordered, { NG_CLI_ANALYTICS: 'false' });
  if (status !== 0) process.exit(status);
}
