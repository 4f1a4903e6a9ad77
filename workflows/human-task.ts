import { condition, log, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import type { createActivities } from '../activities';
import {
  completeTaskUpdate,
  TASK_PRIORITIES,
  TASK_REJECTION,
  type CompleteTaskArgs,
  type HumanTaskSpec,
  type TaskCompletion,
  type TaskPriority,
} from './human-task.contract';

const { createHumanTask, escalateHumanTask, recordTaskCompletion } = proxyActivities<
  ReturnType<typeof createActivities>
>({ startToCloseTimeout: '15 seconds', retry: { maximumInterval: '10 seconds' } });

/** Extra, process-specific payload checks; return an error message or undefined when the payload is fine. */
export type PayloadValidator = (payload: Record<string, unknown>) => string | undefined;

interface OpenTask {
  spec: HumanTaskSpec;
  validate: PayloadValidator;
  completion?: TaskCompletion;
}

/**
 * The human tasks of one workflow run. Created inside the workflow function (never at module level, where
 * state would leak between instances sharing the worker's V8 context); registers the one `completeTask`
 * update handler and routes completions to the task they name.
 */
export function createTaskBoard() {
  const tasks = new Map<string, OpenTask>();

  setHandler(
    completeTaskUpdate,
    async (args: CompleteTaskArgs): Promise<TaskCompletion> => {
      const task = tasks.get(args.taskId);
      if (!task) throw new Error(`${TASK_REJECTION.unknownTask}: ${args.taskId}`);
      const completedAt = new Date().toISOString();
      await recordTaskCompletion({ taskId: args.taskId, completedBy: args.completedBy, payload: args.payload });
      task.completion = { taskId: args.taskId, completedBy: args.completedBy, completedAt, payload: args.payload };
      return task.completion;
    },
    { validator: (args: CompleteTaskArgs) => validateCompletion(tasks, args) },
  );

  return {
    /** Creates the task and waits for its completion, escalating each time the SLA runs out. */
    async run(spec: HumanTaskSpec, validate: PayloadValidator = () => undefined): Promise<TaskCompletion> {
      const task: OpenTask = { spec, validate };
      tasks.set(spec.taskId, task);
      await createHumanTask({ ...spec, workflowId: workflowInfo().workflowId });
      let priority = spec.priority;
      for (;;) {
        const done = await condition(() => task.completion !== undefined, spec.slaMs);
        if (done && task.completion) return task.completion;
        priority = nextPriority(priority);
        log.warn('human task breached its SLA', { taskId: spec.taskId, priority });
        await escalateHumanTask({ taskId: spec.taskId, priority });
      }
    },
  };
}

function validateCompletion(tasks: Map<string, OpenTask>, args: CompleteTaskArgs): void {
  const task = tasks.get(args?.taskId);
  if (!task) throw new Error(`${TASK_REJECTION.unknownTask}: no open task ${String(args?.taskId)} in this process`);
  if (task.completion) throw new Error(`${TASK_REJECTION.finished}: task ${args.taskId} is already completed`);
  if (!args.payload || typeof args.payload !== 'object' || Array.isArray(args.payload)) {
    throw new Error(`${TASK_REJECTION.invalidPayload}: payload must be an object`);
  }
  const missing = task.spec.requiredFields.filter((field) => args.payload[field] === undefined);
  if (missing.length > 0) throw new Error(`${TASK_REJECTION.invalidPayload}: payload.${missing[0]} is required`);
  const problem = task.validate(args.payload);
  if (problem) throw new Error(`${TASK_REJECTION.invalidPayload}: ${problem}`);
}

function nextPriority(current: TaskPriority): TaskPriority {
  const index = TASK_PRIORITIES.indexOf(current);
  return TASK_PRIORITIES[Math.min(index + 1, TASK_PRIORITIES.length - 1)] ?? 'urgent';
}
