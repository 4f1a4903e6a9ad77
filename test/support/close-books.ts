import type { FastifyInstance } from 'fastify';
import type { Response as LightMyRequestResponse } from 'light-my-request';
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type { Client } from '@temporalio/client';
import type { NativeConnection, Worker } from '@temporalio/worker';
import { buildApp } from '../../api/app';
import { createTemporalClient } from '../../api/temporal';
import { openOrm } from '../../db/orm';
import { seedDefaultRuleSets } from '../../db/seeds/rule-seed';
import { seedDemoData } from '../../db/seeds/seed';
import { num, query } from '../../db/sql';
import { contentHash } from '../../rules/engine/hash';
import { createWorker } from '../../worker/create-worker';
import { freshBooks, type FreshBooks } from './fresh-books';
import { eventually, intEnv, login } from './int-env';
import { recordHistory } from './record-history';

/** What a period-close test file works with: its own books, API, Temporal client and worker. */
export interface CloseBooks {
  readonly books: FreshBooks;
  /** The API's connection to the books (the worker has its own: `books.orm`). */
  readonly orm: MikroORM;
  readonly temporal: Client;
  readonly app: FastifyInstance;
  /** A request as a signed-in demo user (one of `users`). */
  send(method: 'GET' | 'POST', url: string, user: string, payload?: object): Promise<LightMyRequestResponse>;
  /** Keeps a finished close's history as a replay fixture (MW_RECORD_HISTORIES=1, test/replay/histories/period-close). */
  record(name: string, workflowId: string): void;
  /** Stops the worker and starts a new one on the same task queue (a close must resume from its history). */
  restartWorker(): Promise<void>;
}

/**
 * Closes harden months that every other test file posts around, and the reconciliations read the whole ledger: so a
 * period-close test runs on books of its own — a fresh database (demo data and the default rule sets seeded,
 * `prepare` run before anything posts), an API on it, and an in-process worker on a task queue of its own — set up
 * before the file's tests and dropped after them. `users` are signed in.
 */
export function useCloseBooks(
  label: string,
  options: { users: string[]; prepare?: (em: EntityManager) => Promise<void> },
): CloseBooks {
  let books: FreshBooks | undefined;
  let orm: MikroORM | undefined;
  let temporal: Client | undefined;
  let app: FastifyInstance | undefined;
  let worker: Worker | undefined;
  let connection: NativeConnection | undefined;
  let running: Promise<void> | undefined;
  let taskQueue = '';
  const headers: Record<string, { authorization: string }> = {};
  const recorded: Array<{ name: string; workflowId: string }> = [];

  const startWorker = async () => {
    const env = intEnv();
    ({ worker, connection } = await createWorker({
      orm: books!.orm,
      temporalAddress: env.temporalAddress,
      namespace: env.namespace,
      taskQueue,
      workflowBundle: { codePath: env.bundlePath },
    }));
    running = worker.run();
  };
  const stopWorker = async () => {
    worker?.shutdown();
    await running?.catch(() => undefined);
    await connection?.close();
  };

  beforeAll(async () => {
    const env = intEnv();
    books = await freshBooks(label);
    await books.orm.em.fork().transactional((em) => seedDemoData(em));
    await books.orm.em.fork().transactional((em) => seedDefaultRuleSets(em, contentHash));
    if (options.prepare) await options.prepare(books.orm.em.fork());
    taskQueue = `${label}-${process.pid}-${Date.now()}`;
    orm = await openOrm(books.orm.config.getClientUrl());
    temporal = await createTemporalClient(env.temporalAddress, env.namespace);
    app = await buildApp({
      orm,
      temporal,
      taskQueue,
      temporalUiUrl: 'http://127.0.0.1:8233',
      sessionTtlHours: 1,
      pickTaskSlaMinutes: 60,
      logLevel: process.env.MW_TEST_API_LOG ?? 'silent',
    });
    await app.ready();
    await startWorker();
    for (const user of options.users) headers[user] = await login(app, user);
  });

  afterAll(async () => {
    try {
      for (const run of recorded) await recordHistory(temporal!, 'period-close', run.name, run.workflowId);
    } finally {
      await stopWorker();
      await app?.close();
      await temporal?.connection.close();
      await orm?.close();
      await books?.drop();
    }
  });

  return {
    get books() {
      return books!;
    },
    get orm() {
      return orm!;
    },
    get temporal() {
      return temporal!;
    },
    get app() {
      return app!;
    },
    send: (method, url, user, payload) =>
      app!.inject({ method, url, headers: headers[user], ...(payload ? { payload } : {}) }),
    record: (name, workflowId) => void recorded.push({ name, workflowId }),
    restartWorker: async () => {
      await stopWorker();
      await startWorker();
    },
  };
}

/** Every step of a close waiting for its approval, as `steps.map((s) => [s.step, s.status])` shows them. */
export const AWAITING_APPROVAL = [
  ['soft-lock', 'done'],
  ['preconditions', 'done'],
  ['reconciliations', 'done'],
  ['absorption', 'done'],
  ['variance-report', 'done'],
  ['year-end', 'done'],
  ['closing-balances', 'done'],
  ['proof', 'done'],
  ['approval', 'running'],
  ['hard-lock', 'pending'],
];

/** Waits until the close of `code` has a state that satisfies `done`; a timeout shows the state last seen. */
export async function closeStateOf<S>(
  close: CloseBooks,
  code: string,
  done: (state: S) => boolean,
  label: string,
): Promise<S> {
  let last: unknown = null;
  try {
    return await eventually(
      async () => {
        const response = await close.send('GET', `/api/periods/${code}/close/status`, 'clerk');
        const state = (response.json() as { state: S | null }).state;
        last = state;
        return state && done(state) ? state : undefined;
      },
      90_000,
      label,
    );
  } catch (error) {
    throw new Error(`${(error as Error).message}; last state: ${JSON.stringify(last)}`);
  }
}

/** Waits for a task's row (a close shows its approval step just before it creates the task); returns its URL. */
export async function closeTaskCreated(close: CloseBooks, taskId: string, user: string): Promise<string> {
  const url = `/api/tasks/${encodeURIComponent(taskId)}`;
  await eventually(
    async () => ((await close.send('GET', url, user)).statusCode === 200 ? true : undefined),
    90_000,
    url,
  );
  return url;
}

/** Completes a task once its row exists. */
export async function completeCloseTask(close: CloseBooks, taskId: string, user: string, payload: object) {
  return close.send('POST', `${await closeTaskCreated(close, taskId, user)}/complete`, user, { payload });
}

/** The controller starts the close of `code`; waits until it awaits its approval. */
export async function closeUntilApproval<S extends { status: string }>(close: CloseBooks, code: string): Promise<S> {
  const started = await close.send('POST', `/api/periods/${code}/close/start`, 'controller');
  expect([code, started.statusCode]).toEqual([code, 201]);
  return closeStateOf<S>(close, code, (s) => s.status === 'awaiting-approval', `the approval of ${code}`);
}

/** The second controller approves the close of `code` and it reaches its hard lock. */
export async function approveClose(close: CloseBooks, code: string, approvalTaskId: string | null): Promise<void> {
  const approved = await completeCloseTask(close, approvalTaskId!, 'controller2', { decision: 'approve' });
  expect(approved.statusCode).toBe(200);
  await closeStateOf<{ status: string }>(close, code, (s) => s.status === 'closed', `the hard lock of ${code}`);
}

/** A journal entry's lines as account -> net debit (currency units). */
export async function entryLines(close: CloseBooks, entryId: number): Promise<Record<string, number>> {
  const rows = await query<{ account_code: string; net: string }>(
    close.orm.em.fork(),
    `select account_code, sum(debit - credit) as net from journal_line where entry_id = ? group by account_code`,
    [entryId],
  );
  return Object.fromEntries(rows.map((row) => [row.account_code, num(row.net)]));
}
