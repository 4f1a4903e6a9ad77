import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import { TRACING_WORKFLOW_MODULES } from '../worker/tracing';
import { BUILD_INFO_FILE, buildIdFor, contentHash, gitSha, packageVersion, type BuildInfo } from '../worker/versioning';
import { buildConsole } from './console-build';
import { REPO_ROOT } from './processes';

/**
 * `npm run build`: the production build the image runs with plain `node` (no tsx, no dev dependencies).
 *
 * Writes, into dist/ (or `--out <dir>`), the same layout as the repository so every `__dirname`-relative path holds:
 * - the server compiled to CommonJS (tsconfig.build.json: api, worker, db, workflows, activities, rules, config and
 *   the operator scripts migrate / admin-create / audit-verify; no tests, no ui, no bench);
 * - workflow-bundle.js: the workflows bundled for Temporal's sandbox from the compiled JavaScript, so the worker loads
 *   it (MILLWRIGHT_WORKFLOW_BUNDLE) instead of running webpack at every start; with the tracing workflow interceptors,
 *   whose spans the worker exports when tracing is on and drops when off (worker/tracing.ts);
 * - build-info.json: the build id the worker's deployment version carries (worker/versioning.ts):
 *   MILLWRIGHT_BUILD_ID when set, else `<package version>-<bundle hash>` (same workflow code, same build id);
 * - package.json (the version), and the console built into ui/dist/browser (where api/app.ts serves it from),
 *   precompressed; `--skip-console` leaves the console out (tests of the server build).
 */
async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const outAt = args.indexOf('--out');
  const outArg = outAt >= 0 ? args[outAt + 1] : undefined;
  const out = outArg ? resolve(outArg) : join(REPO_ROOT, 'dist');
  const skipConsole = args.includes('--skip-console');
  const started = Date.now();
  const log = (line: string) => console.log(`[build] ${line}`);

  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  log(`compiling the server into ${out} ...`);
  run(join(REPO_ROOT, 'node_modules', '.bin', 'tsc'), ['-p', join(REPO_ROOT, 'tsconfig.build.json'), '--outDir', out]);

  log('bundling the workflows from the compiled code ...');
  const bundle = await bundleWorkflowCode({
    workflowsPath: join(out, 'workflows'),
    // The tracing workflow interceptors, always: a worker with tracing off drops their spans (worker/tracing.ts).
    workflowInterceptorModules: TRACING_WORKFLOW_MODULES,
    // The output may live outside the repository (tests build into a temporary directory): resolve packages here.
    webpackConfigHook: (config) => ({
      ...config,
      resolve: {
        ...config.resolve,
        modules: [...(config.resolve?.modules ?? ['node_modules']), join(REPO_ROOT, 'node_modules')],
      },
    }),
    logger: undefined,
  });
  writeFileSync(join(out, 'workflow-bundle.js'), bundle.code);

  copyFileSync(join(REPO_ROOT, 'package.json'), join(out, 'package.json'));
  const version = packageVersion(REPO_ROOT);
  const bundleHash = contentHash(bundle.code);
  const info: BuildInfo = {
    buildId: process.env.MILLWRIGHT_BUILD_ID?.trim() || buildIdFor(version, bundleHash),
    version,
    gitSha: gitSha(REPO_ROOT),
    bundleHash,
    builtAt: new Date().toISOString(),
  };
  writeFileSync(join(out, BUILD_INFO_FILE), `${JSON.stringify(info, null, 2)}\n`);

  if (skipConsole) {
    log('console left out (--skip-console)');
  } else {
    log('building the console (Angular) ...');
    const packed = await buildConsole(join(out, 'ui', 'dist'));
    log(`console: ${packed.files} files precompressed`);
  }
  const size = (readFileSync(join(out, 'workflow-bundle.js')).length / 1024).toFixed(0);
  log(`done in ${((Date.now() - started) / 1000).toFixed(0)} s: build ${info.buildId}, workflow bundle ${size} KB`);
}

function run(command: string, args: string[], cwd = REPO_ROOT): void {
  const result = spawnSync(command, args, {
    cwd,
    stdio: 'inherit',
    env: { ...process.env, NG_CLI_ANALYTICS: 'false' },
  });
  if (result.error) throw result.error;
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${result.status ?? result.signal})`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
