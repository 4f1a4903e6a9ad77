import { EventEmitter } from 'node:events';
import { Client } from 'pg';
import type { MikroORM } from '@mikro-orm/postgresql';

/** What the `human_task_notify` trigger sends on `human_task_changed` when a task row is inserted or updated. */
export interface TaskChange {
  id: string;
  workflowId: string;
  status: string;
  candidateRole: string;
  assignee: string | null;
  previousAssignee: string | null;
  op: 'insert' | 'update';
}

export const TASK_CHANNEL = 'human_task_changed';
const RECONNECT_MS = 2_000;

/**
 * One LISTEN connection per API process, shared by every open event stream. PostgreSQL delivers a notification at
 * commit, whichever process wrote the task (the worker's activities or the API), so a stream never announces a task
 * that is not there yet. The connection opens with the first subscriber and reconnects after a database restart.
 */
export class TaskEventHub {
  private readonly events = new EventEmitter().setMaxListeners(0);
  private client: Client | null = null;
  private connecting: Promise<void> | null = null;
  private closed = false;

  constructor(private readonly orm: MikroORM) {}

  /** Calls `listener` for every task change until the returned function is called. */
  async subscribe(listener: (change: TaskChange) => void): Promise<() => void> {
    this.events.on('change', listener);
    try {
      await this.connect();
    } catch (error) {
      this.events.off('change', listener); // the caller answers 503; nothing is left listening
      throw error;
    }
    return () => this.events.off('change', listener);
  }

  async close(): Promise<void> {
    this.closed = true;
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
  }

  private connect(): Promise<void> {
    if (this.client || this.closed) return Promise.resolve();
    this.connecting ??= this.open().finally(() => (this.connecting = null));
    return this.connecting;
  }

  private async open(): Promise<void> {
    // A hung server fails the attempt (and the next one is scheduled) instead of holding every subscriber.
    const client = new Client({ connectionString: this.orm.config.getClientUrl(), connectionTimeoutMillis: 10_000 });
    client.on('notification', (message) => {
      if (message.channel !== TASK_CHANNEL || !message.payload) return;
      this.events.emit('change', JSON.parse(message.payload) as TaskChange);
    });
    client.on('error', () => this.dropped(client));
    client.on('end', () => this.dropped(client));
    try {
      await client.connect();
      await client.query(`listen ${TASK_CHANNEL}`);
    } catch (error) {
      await client.end().catch(() => undefined);
      throw error;
    }
    // Closed while this connection was opening: nobody will end it later, so end it now.
    if (this.closed) {
      await client.end().catch(() => undefined);
      return;
    }
    this.client = client;
  }

  private dropped(client: Client): void {
    if (this.client !== client) return;
    this.client = null;
    this.reconnectLater();
  }

  /** Tries again every RECONNECT_MS while anyone listens: PostgreSQL may stay away longer than one attempt. */
  private reconnectLater(): void {
    if (this.closed || this.events.listenerCount('change') === 0) return;
    setTimeout(() => void this.connect().catch(() => this.reconnectLater()), RECONNECT_MS).unref();
  }
}
