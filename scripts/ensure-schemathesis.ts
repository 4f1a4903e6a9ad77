import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './processes';
import { loadConfig } from '../config/env';

/** The Schemathesis release the API's fuzzing test is written against (PyPI). */
export const SCHEMATHESIS_VERSION = '4.32.5';

function versionOf(binary: string): string | undefined {
  const result = spawnSync(binary, ['--version'], { encoding: 'utf8' });
  return result.status === 0 ? /version (\S+)/.exec(result.stdout)?.[1] : undefined;
}

function run(command: string, args: string[], say: (line: string) => void): void {
  const result = spawnSync(command, args, { encoding: 'utf8' });
  if (result.status === 0) return;
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}`.trim().split('\n').slice(-15).join('\n');
  say(output);
  throw new Error(`${command} ${args.join(' ')} failed (${result.error?.message ?? `exit ${result.status}`})`);
}

/**
 * The path of a `schemathesis` executable of the pinned version, from a virtual environment in the cache
 * directory (outside the clone), created with python3 and pip on first use and reused after.
 */
export function ensureSchemathesis(cacheDir: string, say: (line: string) => void = () => undefined): string {
  const venv = join(cacheDir, 'schemathesis-venv');
  const binary = join(venv, 'bin', 'schemathesis');
  // Its dependencies are pinned too (hypothesis decides what is generated): every machine fuzzes the same way.
  const constraints = join(REPO_ROOT, 'scripts', 'schemathesis-constraints.txt');
  const installedWith = join(venv, 'millwright-constraints.txt');
  const sameConstraints =
    existsSync(installedWith) && readFileSync(installedWith, 'utf8') === readFileSync(constraints, 'utf8');
  if (existsSync(binary) && sameConstraints && versionOf(binary) === SCHEMATHESIS_VERSION) return binary;
  say(`installing Schemathesis ${SCHEMATHESIS_VERSION} from PyPI into ${venv} (once) ...`);
  rmSync(venv, { recursive: true, force: true });
  run('python3', ['-m', 'venv', venv], say);
  run(
    join(venv, 'bin', 'pip'),
    ['install', '--quiet', '-c', constraints, `schemathesis==${SCHEMATHESIS_VERSION}`],
    say,
  );
  const installed = versionOf(binary);
  if (installed !== SCHEMATHESIS_VERSION) throw new Error(`Schemathesis ${SCHEMATHESIS_VERSION} did not install`);
  copyFileSync(constraints, installedWith);
  return binary;
}

if (require.main === module) {
  const binary = ensureSchemathesis(loadConfig().cacheDir, (line) => console.log(`[millwright] ${line}`));
  console.log(`[millwright] Schemathesis ${SCHEMATHESIS_VERSION} at ${binary}`);
}
