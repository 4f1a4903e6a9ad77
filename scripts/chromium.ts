import { spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { chromium } from 'playwright-core';

/** Debian's package, the one the browser tests are run with in CI. */
const DEBIAN_PACKAGE = 'chromium';

/** What to do when no route worked: one sentence, printed before any test runs. */
export const INSTALL_CHROMIUM_SENTENCE =
  'The browser tests need Chromium and none could be installed: install it (as root: apt-get install chromium) or set CHROMIUM_PATH to a Chromium or Chrome binary, then run the command again.';

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function onPath(name: string): string | undefined {
  return (process.env.PATH ?? '')
    .split(delimiter)
    .map((dir) => join(dir, name))
    .find(executable);
}

/** Playwright's own download, when an earlier `playwright install chromium` left one in its cache. */
function playwrightsChromium(): string | undefined {
  try {
    const path = chromium.executablePath();
    return path && executable(path) ? path : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The Chromium the browser tests launch: CHROMIUM_PATH when it names a binary, then the usual places
 * (Debian's and Ubuntu's packages, Google Chrome, anything called chromium on PATH), then Playwright's cache.
 */
export function findChromium(): string | undefined {
  const configured = process.env.CHROMIUM_PATH;
  if (configured && executable(configured)) return configured;
  const usual = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find(executable);
  return (
    usual ??
    ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'].map(onPath).find(Boolean) ??
    playwrightsChromium()
  );
}

/** Runs an installer quietly; its output is kept for when every route has failed. */
function quietly(command: string, args: string[], env: NodeJS.ProcessEnv = {}): { ok: boolean; output: string } {
  const result = spawnSync(command, args, { encoding: 'utf8', env: { ...process.env, ...env }, timeout: 900_000 });
  return { ok: result.status === 0, output: `${result.stdout ?? ''}${result.stderr ?? ''}${result.error ?? ''}` };
}

/** Debian's package, as root where apt-get exists; the package lists are refreshed only if the first try fails. */
function installWithApt(log: (line: string) => void): string | undefined {
  if (process.getuid?.() !== 0 || !onPath('apt-get')) return undefined;
  log(`installing Chromium with apt-get install ${DEBIAN_PACKAGE} (one time, a minute or two)`);
  const env = { DEBIAN_FRONTEND: 'noninteractive' };
  const install = () => quietly('apt-get', ['install', '-y', '-q', DEBIAN_PACKAGE], env);
  if (!install().ok) {
    const update = quietly('apt-get', ['update', '-q'], env);
    const second = update.ok ? install() : update;
    if (!second.ok) log(`apt-get could not install ${DEBIAN_PACKAGE}: ${lastLine(second.output)}`);
  }
  return findChromium();
}

/** Playwright's own Chromium download (needs internet access to Playwright's CDN). */
function installWithPlaywright(log: (line: string) => void): string | undefined {
  log("installing Chromium with Playwright's download (one time)");
  const cli = join(require.resolve('playwright-core/package.json'), '..', 'cli.js');
  const result = quietly(process.execPath, [cli, 'install', 'chromium']);
  if (!result.ok) log(`Playwright's download failed: ${lastLine(result.output)}`);
  return playwrightsChromium();
}

function lastLine(output: string): string {
  const lines = output.split('\n').map((line) => line.trim());
  return lines.filter(Boolean).pop() ?? 'no output';
}

/** Finds Chromium, installing it when absent; undefined only when every route failed. */
export function ensureChromium(log: (line: string) => void): string | undefined {
  return findChromium() ?? installWithApt(log) ?? installWithPlaywright(log);
}
