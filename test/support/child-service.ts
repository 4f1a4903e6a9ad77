import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

/**
 * Starts a long-running helper script (test servers, the whole platform) for a Jest global set-up and waits
 * for its ready file. Its stdin stays open as a lifeline: if Jest dies, the helper sees EOF and shuts down.
 */
export async function startChildService(
  script: string,
  args: string[],
  readyFile: string,
  env: NodeJS.ProcessEnv = {},
  timeoutMs = 300_000,
): Promise<{ child: ChildProcess; ready: Record<string, string> }> {
  rmSync(readyFile, { force: true });
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, script), ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['pipe', 'inherit', 'inherit'],
  });
  const deadline = Date.now() + timeoutMs;
  while (!existsSync(readyFile)) {
    if (child.exitCode !== null) throw new Error(`${script} exited with code ${child.exitCode} before it was ready`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${script} was not ready within ${timeoutMs} ms`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return { child, ready: JSON.parse(readFileSync(readyFile, 'utf8')) as Record<string, string> };
}

/** Asks the helper to stop and waits for it, killing it if it takes too long. */
export async function stopChildService(child: ChildProcess | undefined, graceMs = 30_000): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}
