import type { MikroORM } from '@mikro-orm/postgresql';
import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import {
  lockDueStarts,
  markStartFailed,
  markStartStarted,
  type PendingStart,
} from '../../db/repositories/process-start-repository';
import { startSearchAttributes } from '../../workflows/search-attributes';
import { unavailableDependency } from '../dependency-errors';
import { ApiError } from '../errors';
import { pingTemporal } from '../health/readiness';

/** The few log calls the starter makes (Fastify's logger fits). */
export interface StarterLog {
  info(obj: object, message: string): void;
  warn(obj: object, message: string): void;
}

export interface ProcessStarterOptions {
  orm: MikroORM;
  temporal: Client;
  log: StarterLog;
  /** Deadline of one start call (MILLWRIGHT_PROCESS_START_TIMEOUT_MS). */
  startTimeoutMs: number;
  /** Pause between two relay passes (MILLWRIGHT_OUTBOX_RELAY_MS). */
  relayIntervalMs: number;
}

/** Starts taken per relay pass (one transaction holds their row locks while Temporal is asked). */
const RELAY_BATCH = 20;
/** How long a reachability answer is trusted: a healthy Temporal is asked every few seconds, not per request. */
const REACHABLE_CACHE_MS = 5000;
const UNREACHABLE_CACHE_MS = 1000;
const REACHABILITY_DEADLINE_MS = 2000;

/**
 * Starts the processes committed in the outbox (db/repositories/process-start-repository.ts): right after a create
 * request's commit (`startNow`), and in a relay loop for every start still pending (the API died after the commit,
 * Temporal was down, a start timed out). A start Temporal reports as already started counts as done, so a start that
 * timed out on our side after Temporal accepted it is settled by the next attempt. Never deletes a document.
 */
export class ProcessStarter {
  private timer: NodeJS.Timeout | undefined;
  private pass: Promise<void> | undefined;
  private stopped = true;
  private reachableUntil = 0;
  private unreachableUntil = 0;
  /** What the last relay pass failed on, while passes keep failing (logged once). */
  private failing: string | undefined;

  constructor(private readonly options: ProcessStarterOptions) {}

  /** Begins the relay loop (on app ready). */
  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.schedule();
  }

  /** Ends the relay loop and waits for a pass in progress (on app close, before the ORM closes). */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.pass;
  }

  /**
   * Starts these just-committed processes now, within the start deadline. Never throws: a start not accepted stays
   * pending (its attempt recorded) and the relay retries it; one line is logged. Returns how many Temporal accepted.
   */
  async startNow(workflowIds: string[]): Promise<number> {
    if (workflowIds.length === 0) return 0;
    try {
      return await this.startLocked({ workflowIds, limit: workflowIds.length });
    } catch (error) {
      this.options.log.warn({ workflowIds, reason: oneLine(error) }, 'process start left to the outbox relay');
      return 0;
    }
  }

  /** One relay pass over the due pending starts; returns how many Temporal accepted. Tests call it directly. */
  async relayOnce(): Promise<number> {
    return this.startLocked({ limit: RELAY_BATCH });
  }

  /**
   * Refuses a create request up front (503, nothing written) while Temporal cannot be reached, so a client learns of
   * an outage at once instead of its document waiting in the outbox. Answers are cached for a few seconds.
   */
  async ensureReachable(): Promise<void> {
    const now = Date.now();
    if (now < this.reachableUntil) return;
    if (now < this.unreachableUntil) throw unavailable();
    try {
      await pingTemporal(this.options.temporal, REACHABILITY_DEADLINE_MS);
      this.reachableUntil = Date.now() + REACHABLE_CACHE_MS;
    } catch (error) {
      this.unreachableUntil = Date.now() + UNREACHABLE_CACHE_MS;
      this.options.log.warn({ dependency: 'temporal', reason: oneLine(error) }, 'Temporal unreachable');
      throw unavailable();
    }
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.pass = this.relayOnce()
        .then(() => {
          if (this.failing) this.options.log.info({ failed: this.failing }, 'outbox relay passes again');
          this.failing = undefined;
        })
        .catch((error: unknown) => {
          // One line per outage, not one per pass: a relay that fails every two seconds would bury the log.
          const dependency = unavailableDependency(error)?.dependency;
          const failure = dependency ?? oneLine(error);
          if (this.failing === failure) return;
          this.failing = failure;
          this.options.log.warn({ dependency, reason: oneLine(error) }, 'outbox relay pass failed');
        })
        .finally(() => this.schedule());
    }, this.options.relayIntervalMs);
    this.timer.unref();
  }

  /** Locks the chosen pending rows (skipping those another starter holds), starts each, records the outcome. */
  private async startLocked(selection: { limit: number; workflowIds?: string[] }): Promise<number> {
    let accepted = 0;
    await this.options.orm.em.fork().transactional(async (em) => {
      for (const start of await lockDueStarts(em, selection)) {
        try {
          const runId = await this.startOne(start);
          await markStartStarted(em, start.workflowId, runId);
          accepted += 1;
        } catch (error) {
          await markStartFailed(em, start.workflowId, oneLine(error));
          this.options.log.warn(
            { workflowId: start.workflowId, attempts: start.attempts + 1, reason: oneLine(error) },
            'process start not accepted yet; the relay retries it',
          );
        }
      }
    });
    return accepted;
  }

  /** Asks Temporal to start one process; "already started" is success (its run id is then not known here). */
  private async startOne(start: PendingStart): Promise<string | null> {
    const { temporal, startTimeoutMs } = this.options;
    try {
      const handle = await temporal.connection.withDeadline(Date.now() + startTimeoutMs, () =>
        temporal.workflow.start(start.workflowType, {
          workflowId: start.workflowId,
          taskQueue: start.taskQueue,
          args: start.args,
          typedSearchAttributes: startSearchAttributes(start),
        }),
      );
      return handle.firstExecutionRunId;
    } catch (error) {
      if (error instanceof WorkflowExecutionAlreadyStartedError) return null;
      throw error;
    }
  }
}

function unavailable(): ApiError {
  return new ApiError('PROCESS_UNAVAILABLE', 'The process engine (Temporal) cannot be reached; try again shortly');
}

function oneLine(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return text.split('\n')[0]!.slice(0, 500);
}
