import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { startEmbeddedPostgres, type PostgresHandle } from '../postgres';
import { fileLog, spawnTs } from '../processes';
import { startTemporalDevServer, stopChild, type TemporalHandle } from '../temporal-server';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Where the chaos run's servers live: its own directory and ports, so it never touches `npm start`'s data. */
export interface StackPlaces {
  dir: string;
  pgPort: number;
  temporalPort: number;
  temporalUiPort: number;
  namespace: string;
  taskQueue: string;
  cacheDir: string;
}

/**
 * PostgreSQL and the Temporal dev server of the run, each restartable in place: the same data directory and port,
 * and the dev server's SQLite file (--db-filename), so a restart loses no workflow state.
 */
export class ChaosServers {
  pg!: PostgresHandle;
  temporal!: TemporalHandle;
  pgRestarts = 0;
  temporalRestarts = 0;
  private readonly pgLog: (line: string) => void;
  private readonly temporalLog: (line: string) => void;

  constructor(private readonly places: StackPlaces) {
    this.pgLog = fileLog(join(places.dir, 'logs', 'postgres.log'));
    this.temporalLog = fileLog(join(places.dir, 'logs', 'temporal.log'));
  }

  async start(): Promise<void> {
    await Promise.all([this.startPg(), this.startTemporal()]);
  }

  private async startPg(): Promise<void> {
    this.pg = await startEmbeddedPostgres(join(this.places.dir, 'pg'), this.places.pgPort, this.pgLog);
  }

  private async startTemporal(): Promise<void> {
    this.temporal = await startTemporalDevServer({
      cacheDir: this.places.cacheDir,
      dataDir: join(this.places.dir, 'temporal'),
      port: this.places.temporalPort,
      uiPort: this.places.temporalUiPort,
      namespace: this.places.namespace,
      log: this.temporalLog,
    });
  }

  /** Stops PostgreSQL (fast shutdown: every session is cut), leaves it down for `downMs`, starts it again. */
  async restartPg(downMs: number): Promise<void> {
    await this.pg.stop();
    await sleep(downMs);
    await retry(() => this.startPg(), 'PostgreSQL restart');
    this.pgRestarts += 1;
  }

  /** Stops the Temporal dev server, leaves it down for `downMs`, starts it again on its SQLite file. */
  async restartTemporal(downMs: number): Promise<void> {
    await this.temporal.stop();
    await sleep(downMs);
    await retry(() => this.startTemporal(), 'Temporal restart');
    this.temporalRestarts += 1;
  }

  async stop(): Promise<void> {
    await this.temporal?.stop().catch(() => undefined);
    await this.pg?.stop().catch(() => undefined);
  }
}

/** A start that may meet a port not yet released by the process just stopped: a few tries, a second apart. */
async function retry(start: () => Promise<void>, what: string, tries = 10): Promise<void> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      await start();
      return;
    } catch (error) {
      if (attempt >= tries) throw new Error(`${what} failed ${tries} times: ${String(error)}`);
      await sleep(1_000);
    }
  }
}

/**
 * The worker as its own process (worker/main.ts, as `npm start` runs it), so a SIGKILL is a real crash: whatever the
 * process had in flight is lost mid-step. Whenever it exits (killed here, or dying on its own while PostgreSQL or
 * Temporal is down) it is started again, retried until it comes up.
 */
export class WorkerSupervisor {
  kills = 0;
  /** Exits nobody asked for (a worker giving up while a server was away): counted, and restarted all the same. */
  unexpectedExits = 0;
  starts = 0;
  private child: ChildProcess | undefined;
  private stopping = false;
  private up: Promise<void> = Promise.resolve();
  private readonly log: (line: string) => void;

  constructor(
    private readonly env: () => NodeJS.ProcessEnv,
    dir: string,
    private readonly say: (line: string) => void,
  ) {
    this.log = fileLog(join(dir, 'logs', 'worker.log'));
  }

  /** Starts a worker and resolves once it is polling; a failed start (a server down) is retried every 2 s. */
  start(): Promise<void> {
    this.up = (async () => {
      for (let attempt = 1; !this.stopping; attempt += 1) {
        try {
          const child = await spawnTs('worker/main.ts', this.env(), 'worker ready', this.log, 180_000);
          this.starts += 1;
          this.child = child;
          child.once('exit', (code, signal) => this.onExit(child, code, signal));
          return;
        } catch (error) {
          if (attempt % 5 === 0) this.say(`worker start attempt ${attempt} failed: ${firstLine(error)}`);
          await sleep(2_000);
        }
      }
    })();
    return this.up;
  }

  /** Resolves once a worker is up (or the supervisor stops). */
  ready(): Promise<void> {
    return this.up;
  }

  private onExit(child: ChildProcess, code: number | null, signal: NodeJS.Signals | null): void {
    if (this.child !== child) return;
    this.child = undefined;
    if (this.stopping) return;
    this.unexpectedExits += 1;
    this.say(`worker exited by itself (${code ?? signal}); starting another`);
    void this.start();
  }

  /** SIGKILLs the running worker (nothing it had in flight survives) and waits until a new one is polling. */
  async kill(restartDelayMs: number): Promise<boolean> {
    await this.up;
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return false;
    this.stopping = true; // hold the automatic restart: this kill restarts after its own delay
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGKILL');
    await exited;
    this.kills += 1;
    this.child = undefined;
    await sleep(restartDelayMs);
    this.stopping = false;
    await this.start();
    return true;
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await this.up.catch(() => undefined);
    if (this.child) await stopChild(this.child, 15_000);
  }
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
}
