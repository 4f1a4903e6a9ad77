import { ApplicationFailure, condition, log, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
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

const { createHumanTask, escalateHumanTask, recordTaskCompletion, cancelHumanTask } = proxyActivities<
  ReturnType<typeof createActivities>
>({ startToCloseTimeout: '15 seconds', retry: { maximumInterval: '10 seconds' } });

/**
 * Extra, process-specific payload checks; return an error message or undefined when the payload is fine. `completedBy`
 * is the user completing the task (a recount must not be by the clerk who counted first).
 */
export type PayloadValidator = (payload: Record<string, unknown>, completedBy: string) => string | undefined;

/**
 * A check that needs the current state of the books (an activity), run in the update handler once the validator has
 * passed: a problem refuses the completion like a validator rejection (the caller gets it, the task stays open).
 */
export type PayloadConfirmation = (payload: Record<string, unknown>) => Promise<string | undefined>;

interface OpenTask {
  spec: HumanTaskSpec;
  validate: PayloadValidator;
  confirm?: PayloadConfirmation;
  /** Set as soon as a completion passes validation, before its outcome is stored. */
  accepted?: boolean;
  completion?: TaskCompletion;
  withdrawn?: boolean;
}

/** How a wait for a task can end other than by its completion. */
export interface WaitOptions {
  /** Checked whenever workflow state changes: when it turns true the task is withdrawn (a cancel, a change). */
  interruptWhen?: () => boolean;
  /** Give up after this long (an approval that nobody gives); the task is withdrawn. */
  deadlineMs?: number;
  /** Work to repeat while waiting (renewing reservations), every `everyMs`. */
  heartbeat?: { everyMs: number; run: () => Promise<void> };
  /** Checked against the current books before a completion is stored (see PayloadConfirmation). */
  confirm?: PayloadConfirmation;
}

/** A task's end: completed, or withdrawn because the workflow was interrupted or the deadline passed. */
export type TaskOutcome =
  { kind: 'completed'; completion: TaskCompletion } | { kind: 'interrupted' } | { kind: 'deadline' };

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
      task.accepted = true;
      const problem = task.confirm ? await task.confirm(args.payload) : undefined;
      if (problem) {
        // Refused after all: the task is open again for a corrected completion (a failed update, not a failed run).
        task.accepted = false;
        throw ApplicationFailure.nonRetryable(
          `${TASK_REJECTION.invalidPayload}: ${problem}`,
          TASK_REJECTION.invalidPayload,
        );
      }
      const completedAt = new Date().toISOString();
      await recordTaskCompletion({ taskId: args.taskId, completedBy: args.completedBy, payload: args.payload });
      task.completion = { taskId: args.taskId, completedBy: args.completedBy, completedAt, payload: args.payload };
      return task.completion;
    },
    { validator: (args: CompleteTaskArgs) => validateCompletion(tasks, args) },
  );

  /**
   * Creates the task and waits for its completion, escalating each time the SLA runs out; ends early (withdrawing
   * the task) when `interruptWhen` turns true or the deadline passes.
   */
  async function runUntil(spec: HumanTaskSpec, validate: PayloadValidator, options: WaitOptions): Promise<TaskOutcome> {
    const task: OpenTask = { spec, validate, confirm: options.confirm };
    tasks.set(spec.taskId, task);
    await createHumanTask({ ...spec, workflowId: workflowInfo().workflowId });
    const interrupted = options.interruptWhen ?? (() => false);
    let priority = spec.priority;
    let slaAt = new Date().getTime() + spec.slaMs;
    const deadlineAt = options.deadlineMs === undefined ? Infinity : new Date().getTime() + options.deadlineMs;
    let beatAt = options.heartbeat ? new Date().getTime() + options.heartbeat.everyMs : Infinity;
    for (;;) {
      const wakeAt = Math.min(slaAt, deadlineAt, beatAt);
      // A completion already accepted wins over an interruption: the clerk's work is not thrown away mid-way.
      const settled = () => task.completion !== undefined || (!task.accepted && interrupted());
      await condition(settled, Math.max(1, wakeAt - new Date().getTime()));
      // Wait for the accepted completion to be stored, or to be refused by its confirmation (the task stays open).
      if (task.accepted) await condition(() => task.completion !== undefined || !task.accepted);
      if (task.completion) return { kind: 'completed', completion: task.completion };
      const now = new Date().getTime();
      if (interrupted() || now >= deadlineAt) {
        task.withdrawn = true;
        const kind = interrupted() ? 'interrupted' : 'deadline';
        await cancelHumanTask({ taskId: spec.taskId, reason: kind });
        return { kind };
      }
      if (now >= slaAt) {
        priority = nextPriority(priority);
        log.warn('human task breached its SLA', { taskId: spec.taskId, priority });
        await escalateHumanTask({ taskId: spec.taskId, priority });
        slaAt = now + spec.slaMs;
      }
      if (options.heartbeat && now >= beatAt) {
        await options.heartbeat.run();
        beatAt = now + options.heartbeat.everyMs;
      }
    }
  }

  return {
    runUntil,
    /** Whether a completion of the task has been accepted (it may still be being stored). */
    isAccepted: (taskId: string | null): boolean => (taskId ? tasks.get(taskId)?.accepted === true : false),
    /** Creates the task and waits for its completion, escalating each time the SLA runs out. */
    async run(
      spec: HumanTaskSpec,
      validate: PayloadValidator = () => undefined,
      options: Pick<WaitOptions, 'confirm'> = {},
    ): Promise<TaskCompletion> {
      const outcome = await runUntil(spec, validate, options);
      if (outcome.kind !== 'completed') throw new Error(`task ${spec.taskId} ended without completion`);
      return outcome.completion;
    },
  };
}

function validateCompletion(tasks: Map<string, OpenTask>, args: CompleteTaskArgs): void {
  const task = tasks.get(args?.taskId);
  if (!task) throw new Error(`${TASK_REJECTION.unknownTask}: no open task ${String(args?.taskId)} in this process`);
  if (task.completion) throw new Error(`${TASK_REJECTION.finished}: task ${args.taskId} is already completed`);
  if (task.withdrawn) throw new Error(`${TASK_REJECTION.finished}: task ${args.taskId} was withdrawn`);
  if (task.accepted) throw new Error(`${TASK_REJECTION.finished}: task ${args.taskId} is being completed`);
  if (!args.payload || typeof args.payload !== 'object' || Array.isArray(args.payload)) {
    throw new Error(`${TASK_REJECTION.invalidPayload}: payload must be an object`);
  }
  const missing = task.spec.requiredFields.filter((field) => args.payload[field] === undefined);
  if (missing.length > 0) throw new Error(`${TASK_REJECTION.invalidPayload}: payload.${missing[0]} is required`);
  const problem = task.validate(args.payload, args.completedBy);
  if (problem) throw new Error(`${TASK_REJECTION.invalidPayload}: ${problem}`);
}

function nextPriority(current: TaskPriority): TaskPriority {
  const index = TASK_PRIORITIES.indexOf(current);
  return TASK_PRIORITIES[Math.min(index + 1, TASK_PRIORITIES.length - 1)] ?? 'urgent';
}
