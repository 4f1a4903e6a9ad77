import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export const REPO_ROOT = join(__dirname, '..');

/** A line-oriented file log, so `npm start` stays readable while every component's output is kept. */
export function fileLog(path: string): (line: string) => void {
  mkdirSync(dirname(path), { recursive: true });
  const stream = createWriteStream(path, { flags: 'a' });
  return (line: string) => stream.write(`${new Date().toISOString()} ${line}\n`);
}

/**
 * Starts a TypeScript entry point (e.g. the worker) as a child process and resolves once it prints `readyLine`.
 * Output goes to `log`; an early exit rejects with the tail of that output.
 */
export function spawnTs(
  entry: string,
  env: NodeJS.ProcessEnv,
  readyLine: string,
  log: (line: string) => void,
  timeoutMs = 120_000,
): Promise<ChildProcess> {
  // `node --import tsx` rather than the tsx CLI: one process, so a signal reaches the program itself and a
  // SIGKILL in a crash test leaves no orphaned grandchild behind.
  const child = spawn(process.execPath, ['--import', 'tsx', join(REPO_ROOT, entry)], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const tail: string[] = [];
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${entry} was not ready within ${timeoutMs} ms: ${tail.join('\n')}`)),
      timeoutMs,
    );
    const onData = (chunk: Buffer) => {
      const text = chunk.toString();
      log(text.trimEnd());
      tail.push(text);
      if (tail.length > 30) tail.shift();
      if (text.includes(readyLine)) {
        clearTimeout(timer);
        resolve(child);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`${entry} exited early (${code ?? signal}): ${tail.join('\n')}`));
    });
  });
}

/**
 * Writes a ready file whole or not at all (a temporary file renamed into place): a harness polling for it must
 * never read it half-written (it did, on a loaded machine: "Unexpected end of JSON input" in a global set-up).
 */
export function writeReadyFile(path: string, facts: Record<string, unknown>): void {
  const partial = `${path}.${process.pid}.tmp`;
  writeFileSync(partial, JSON.stringify(facts));
  renameSync(partial, path);
}
