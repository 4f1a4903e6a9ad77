import type { MikroORM } from '@mikro-orm/postgresql';
import { query } from '../db/sql';

type Waiter = { resolve: () => void; reject: (error: Error) => void; deadline: number };

/** Keys someone waits for, each settled once by a row's status or by its deadline. */
class WaitList {
  private readonly waiting = new Map<string, Waiter>();

  constructor(
    private readonly what: string,
    private readonly timeoutMs: number,
  ) {}

  get keys(): string[] {
    return [...this.waiting.keys()];
  }

  add(key: string): Promise<void> {
    return new Promise((resolve, reject) => {
      this.waiting.set(key, { resolve, reject, deadline: Date.now() + this.timeoutMs });
    });
  }

  settle(key: string, problem?: string): void {
    const waiter = this.waiting.get(key);
    this.waiting.delete(key);
    if (problem) waiter?.reject(new Error(`${this.what} ${key}: ${problem}`));
    else waiter?.resolve();
  }

  expire(now: number): void {
    for (const [key, waiter] of this.waiting) {
      if (now >= waiter.deadline) this.settle(key, `not reached within ${this.timeoutMs / 1000} s`);
    }
  }
}

/**
 * Watches the console's PostgreSQL projections for a bench driver: a task row turning up open, an instance row
 * turning completed. One query per list and tick for everything awaited, as an inbox or process list refresh
 * reads them, instead of a poll per order that would load the API under test in proportion to the concurrency.
 */
export function projectionWatcher(orm: MikroORM, options: { tickMs: number; timeoutMs: number }) {
  const tasks = new WaitList('task', options.timeoutMs);
  const instances = new WaitList('process instance', options.timeoutMs);
  let timer: NodeJS.Timeout | undefined;
  const stats = { ticks: 0 };

  const checkTasks = async (ids: string[]) => {
    const rows = await query<{ id: string; status: string }>(
      orm.em.fork(),
      'select id, status from human_task where id in (?)',
      [ids],
    );
    for (const row of rows) {
      const open = row.status === 'open' || row.status === 'claimed';
      tasks.settle(row.id, open ? undefined : `is ${row.status}`);
    }
  };
  const checkInstances = async (ids: string[]) => {
    const rows = await query<{ workflow_id: string; status: string; last_error: string | null }>(
      orm.em.fork(),
      `select workflow_id, status, last_error from process_instance where workflow_id in (?) and status <> 'running'`,
      [ids],
    );
    for (const row of rows) {
      const done = row.status === 'completed';
      instances.settle(row.workflow_id, done ? undefined : `ended ${row.status} ${row.last_error ?? ''}`);
    }
  };
  const tick = async () => {
    stats.ticks += 1;
    const [taskIds, instanceIds] = [tasks.keys, instances.keys];
    await Promise.all([
      taskIds.length > 0 ? checkTasks(taskIds) : undefined,
      instanceIds.length > 0 ? checkInstances(instanceIds) : undefined,
    ]).catch((error: unknown) => console.error(`projection watcher: ${String(error)}`));
    const now = Date.now();
    tasks.expire(now);
    instances.expire(now);
    timer = undefined;
    schedule();
  };
  const schedule = () => {
    if (!timer && tasks.keys.length + instances.keys.length > 0) timer = setTimeout(() => void tick(), options.tickMs);
  };
  const wait = (list: WaitList, key: string) => {
    const settled = list.add(key);
    schedule();
    return settled;
  };
  return {
    stats,
    /** Resolves once the task row exists and is open (or claimed). */
    taskOpen: (taskId: string) => wait(tasks, taskId),
    /** Resolves once the instance row is completed; rejects if it ends any other way. */
    completed: (workflowId: string) => wait(instances, workflowId),
  };
}

export type ProjectionWatcher = ReturnType<typeof projectionWatcher>;
