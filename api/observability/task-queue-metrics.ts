import type { Client } from '@temporalio/client';
import { temporal as protos } from '@temporalio/proto';
import { Gauge, type Registry } from 'prom-client';

const { TaskQueueType, TaskQueueKind } = protos.api.enums.v1;

/** The task-queue types the workers poll: workflow tasks and activity tasks. */
const TYPES = [
  { type: 'workflow', value: TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW },
  { type: 'activity', value: TaskQueueType.TASK_QUEUE_TYPE_ACTIVITY },
] as const;

/** One task queue type's state as Temporal's DescribeTaskQueue reports it. */
export interface QueueStats {
  taskQueue: string;
  type: (typeof TYPES)[number]['type'];
  /** Tasks waiting for a worker (approximate: may count expired tasks for a while). */
  backlog: number;
  /** How long the oldest waiting task has waited, in seconds (0 when none waits). */
  backlogAgeSeconds: number;
  /** Workers that polled in the last minutes. */
  pollers: number;
}

/** Each describe's budget: a scrape must answer quickly even when Temporal does not. */
const DESCRIBE_DEADLINE_MS = 2_000;
/** How long one reading is reused, as the database snapshot is. */
export const TASK_QUEUE_STATS_CACHE_MS = 5_000;

const seconds = (duration: { seconds?: unknown; nanos?: number | null } | null | undefined) =>
  duration ? Number(duration.seconds ?? 0) + (duration.nanos ?? 0) / 1e9 : 0;

/** Reads the task queues' stats at most once per {@link TASK_QUEUE_STATS_CACHE_MS}; concurrent scrapes share one. */
export class TaskQueueStats {
  private last: { at: number; stats: QueueStats[] } | undefined;
  private running: Promise<QueueStats[]> | undefined;

  constructor(
    private readonly temporal: Client,
    private readonly taskQueues: readonly string[],
    private readonly cacheMs = TASK_QUEUE_STATS_CACHE_MS,
  ) {}

  async stats(): Promise<QueueStats[]> {
    if (this.last && Date.now() - this.last.at < this.cacheMs) return this.last.stats;
    this.running ??= this.read()
      .then((stats) => {
        this.last = { at: Date.now(), stats };
        return stats;
      })
      .finally(() => {
        this.running = undefined;
      });
    return this.running;
  }

  private async read(): Promise<QueueStats[]> {
    const { connection, options } = this.temporal;
    const describe = (taskQueue: string, type: (typeof TYPES)[number]) =>
      connection.withDeadline(Date.now() + DESCRIBE_DEADLINE_MS, async () => {
        const response = await connection.workflowService.describeTaskQueue({
          namespace: options.namespace,
          taskQueue: { name: taskQueue, kind: TaskQueueKind.TASK_QUEUE_KIND_NORMAL },
          taskQueueType: type.value,
          reportStats: true,
        });
        return {
          taskQueue,
          type: type.type,
          backlog: Number(response.stats?.approximateBacklogCount ?? 0),
          backlogAgeSeconds: seconds(response.stats?.approximateBacklogAge),
          pollers: response.pollers?.length ?? 0,
        };
      });
    return Promise.all(this.taskQueues.flatMap((taskQueue) => TYPES.map((type) => describe(taskQueue, type))));
  }
}

/** The backlog gauges on `registry`, read from Temporal on every scrape (left out while it is unreachable). */
export function registerTaskQueueMetrics(registry: Registry, reader: TaskQueueStats): void {
  const gauge = (name: string, help: string, value: (stats: QueueStats) => number) =>
    new Gauge({
      name,
      help,
      labelNames: ['task_queue', 'task_type'],
      registers: [registry],
      async collect() {
        this.reset();
        const stats = await reader.stats().catch(() => []);
        for (const queue of stats) this.set({ task_queue: queue.taskQueue, task_type: queue.type }, value(queue));
      },
    });
  gauge(
    'millwright_task_queue_backlog',
    'Tasks waiting in the Temporal task queue for a worker (approximate), by queue and task type (workflow, activity)',
    (queue) => queue.backlog,
  );
  gauge(
    'millwright_task_queue_backlog_age_seconds',
    'How long the oldest waiting task of the queue has waited',
    (queue) => queue.backlogAgeSeconds,
  );
  gauge(
    'millwright_task_queue_pollers',
    'Workers polling the task queue (by task type); 0 means nothing takes its tasks',
    (queue) => queue.pollers,
  );
}
