import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { precompressConsole } from './console-compress';
import { REPO_ROOT } from './processes';

const UI_DIR = join(REPO_ROOT, 'ui');
/**
 * Where the console is built: ui/dist, or MILLWRIGHT_CONSOLE_OUT when several working copies of one clone build
 * at once (parallel e2e runs would otherwise overwrite each other's bundles while serving them).
 */
export const CONSOLE_OUT = process.env.MILLWRIGHT_CONSOLE_OUT || join(UI_DIR, 'dist');
export const CONSOLE_DIR = join(CONSOLE_OUT, 'browser');
export const CONSOLE_INDEX = join(CONSOLE_DIR, 'index.html');

function newestMtime(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce((newest, entry) => Math.max(newest, newestMtime(join(path, entry))), stat.mtimeMs);
}

/** Builds the Angular console unless the last build is newer than every source file (fast second start). */
export async function ensureConsoleBuilt(log: (line: string) => void): Promise<void> {
  const sources = [join(UI_DIR, 'src'), join(UI_DIR, 'public'), join(UI_DIR, 'angular.json')];
  if (existsSync(CONSOLE_INDEX) && statSync(CONSOLE_INDEX).mtimeMs >= Math.max(...sources.map(newestMtime))) {
    precompressConsole(CONSOLE_DIR); // a build from before compression existed gets its copies once
    return;
  }
  log('building the console (Angular) ...');
  const packed = await buildConsole(CONSOLE_OUT);
  log(`console built: ${packed.files} files, ${kb(packed.bytes)} KB, ${kb(packed.brotliBytes)} KB with brotli`);
}

/**
 * Builds the console into `out` (its files in `out/browser`, precompressed): for `npm start` and the tests through
 * ensureConsoleBuilt, and for the production image (scripts/build.ts).
 */
export async function buildConsole(out: string): Promise<ReturnType<typeof precompressConsole>> {
  await runNgBuild(out);
  return precompressConsole(join(out, 'browser'));
}

/** How long `ng build` may linger after it printed its output location before it is stopped. */
const LINGER_MS = 15_000;

/**
 * Runs `ng build` into `out`. The Angular CLI (21.2) sometimes writes its whole output and then never exits: its
 * esbuild service child stays referenced (seen since the role dashboards' lazy panels joined the bundle; the same
 * sources built by hand hang alike). So once it has printed its output location, it gets LINGER_MS to exit and is
 * then stopped; the build counts as done only if it said so and index.html is there.
 */
function runNgBuild(out: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(join(REPO_ROOT, 'node_modules', '.bin', 'ng'), ['build', '--output-path', out], {
      cwd: UI_DIR,
      env: { ...process.env, NG_CLI_ANALYTICS: 'false' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    let lingering: NodeJS.Timeout | undefined;
    const written = () => /Output location:/.test(output) && !/\bERROR\b|\[ERROR\]/.test(output);
    const collect = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      if (!lingering && written()) lingering = setTimeout(() => child.kill('SIGTERM'), LINGER_MS);
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(lingering);
      const done = code === 0 || (signal === 'SIGTERM' && lingering !== undefined && written());
      if (done && existsSync(join(out, 'browser', 'index.html'))) resolve();
      else reject(new Error(`The console did not build (exit ${code ?? signal}):\n${output}`));
    });
  });
}

const kb = (bytes: number) => Math.round(bytes / 1024);
