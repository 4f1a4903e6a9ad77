import { spawnSync } from 'node:child_process';
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
export function ensureConsoleBuilt(log: (line: string) => void): void {
  const sources = [join(UI_DIR, 'src'), join(UI_DIR, 'public'), join(UI_DIR, 'angular.json')];
  if (existsSync(CONSOLE_INDEX) && statSync(CONSOLE_INDEX).mtimeMs >= Math.max(...sources.map(newestMtime))) {
    precompressConsole(CONSOLE_DIR); // a build from before compression existed gets its copies once
    return;
  }
  log('building the console (Angular) ...');
  const result = spawnSync(join(REPO_ROOT, 'node_modules', '.bin', 'ng'), ['build', '--output-path', CONSOLE_OUT], {
    cwd: UI_DIR,
    env: { ...process.env, NG_CLI_ANALYTICS: 'false' },
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`The console did not build:\n${result.stdout}\n${result.stderr}`);
  const packed = precompressConsole(CONSOLE_DIR);
  log(`console built: ${packed.files} files, ${kb(packed.bytes)} KB, ${kb(packed.brotliBytes)} KB with brotli`);
}

const kb = (bytes: number) => Math.round(bytes / 1024);
