import type { temporal } from '@temporalio/proto';
import { firstArgument } from '../processes/business-timeline';

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;
type Duration = { seconds?: unknown; nanos?: number | null } | null | undefined;

export const HISTORY_CATEGORIES = [
  'process',
  'activity',
  'update',
  'signal',
  'timer',
  'child',
  'marker',
  'workflow-task',
  'other',
] as const;
export type HistoryCategory = (typeof HISTORY_CATEGORIES)[number];

/** An event in words: its kind, a sentence, the name it concerns (activity, update, signal, timer) and what it carried. */
export interface Described {
  category: HistoryCategory;
  title: string;
  name: string | null;
  /** A one-line summary of the payload (an activity's input or result, an update's or a signal's arguments). */
  detail: string | null;
}

const MAX_DETAIL = 240;

/** A JSON value in one short line: `key: value` pairs, nested values as compact JSON, cut at 240 characters. */
export function summariseValue(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  const text =
    typeof value === 'object' && !Array.isArray(value)
      ? Object.entries(value as Record<string, unknown>)
          .filter(([, v]) => v !== null && v !== undefined && v !== '')
          .map(([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`)
          .join(', ')
      : JSON.stringify(value);
  if (!text) return null;
  return text.length > MAX_DETAIL ? `${text.slice(0, MAX_DETAIL - 1)}…` : text;
}

function seconds(duration: Duration): string {
  const total = Number(duration?.seconds ?? 0) + (duration?.nanos ?? 0) / 1e9;
  if (total >= 3600 && total % 3600 === 0) return `${total / 3600} h`;
  if (total >= 60 && total % 60 === 0) return `${total / 60} min`;
  return `${total} s`;
}

type Context = { activities: ReadonlyMap<number, string>; args: Record<string, unknown> | null };
type Words = (event: HistoryEvent, ctx: Context) => Omit<Described, 'category'> & { category?: HistoryCategory };

const activity = (ctx: Context, id: unknown) => ctx.activities.get(Number(id)) ?? 'unknown activity';
const message = (failure: { message?: string | null } | null | undefined) => failure?.message ?? '';

/** One sentence per event type; anything else falls back to its type name in words. */
const WORDS: Record<string, Words> = {
  WORKFLOW_EXECUTION_STARTED: (e) => {
    const a = e.workflowExecutionStartedEventAttributes;
    return {
      category: 'process',
      title: `Process started (${a?.workflowType?.name ?? ''})`,
      name: a?.workflowType?.name ?? null,
      detail: summariseValue(firstArgument(a?.input)),
    };
  },
  WORKFLOW_EXECUTION_COMPLETED: (e) => ({
    category: 'process',
    title: 'Process completed',
    name: null,
    detail: summariseValue(firstArgument(e.workflowExecutionCompletedEventAttributes?.result)),
  }),
  WORKFLOW_EXECUTION_FAILED: (e) => ({
    category: 'process',
    title: `Process failed: ${message(e.workflowExecutionFailedEventAttributes?.failure)}`,
    name: null,
    detail: null,
  }),
  WORKFLOW_EXECUTION_TIMED_OUT: () => ({ category: 'process', title: 'Process timed out', name: null, detail: null }),
  WORKFLOW_EXECUTION_TERMINATED: (e) => ({
    category: 'process',
    title: `Process terminated: ${e.workflowExecutionTerminatedEventAttributes?.reason ?? ''}`,
    name: null,
    detail: e.workflowExecutionTerminatedEventAttributes?.identity ?? null,
  }),
  WORKFLOW_EXECUTION_CANCEL_REQUESTED: () => ({
    category: 'process',
    title: 'Process cancellation requested',
    name: null,
    detail: null,
  }),
  WORKFLOW_EXECUTION_CANCELED: () => ({ category: 'process', title: 'Process cancelled', name: null, detail: null }),
  WORKFLOW_EXECUTION_CONTINUED_AS_NEW: (e) => ({
    category: 'process',
    title: `Process continued as new run ${e.workflowExecutionContinuedAsNewEventAttributes?.newExecutionRunId ?? ''}`,
    name: null,
    detail: null,
  }),
  ACTIVITY_TASK_SCHEDULED: (e) => {
    const a = e.activityTaskScheduledEventAttributes;
    const name = a?.activityType?.name ?? 'unknown activity';
    return { title: `Activity ${name} scheduled`, name, detail: summariseValue(firstArgument(a?.input)) };
  },
  ACTIVITY_TASK_STARTED: (e, ctx) => {
    const a = e.activityTaskStartedEventAttributes;
    const name = activity(ctx, a?.scheduledEventId);
    const attempt = Number(a?.attempt ?? 1);
    return { title: `Activity ${name} started${attempt > 1 ? ` (attempt ${attempt})` : ''}`, name, detail: null };
  },
  ACTIVITY_TASK_COMPLETED: (e, ctx) => {
    const a = e.activityTaskCompletedEventAttributes;
    const name = activity(ctx, a?.scheduledEventId);
    return { title: `Activity ${name} completed`, name, detail: summariseValue(firstArgument(a?.result)) };
  },
  ACTIVITY_TASK_FAILED: (e, ctx) => {
    const a = e.activityTaskFailedEventAttributes;
    const name = activity(ctx, a?.scheduledEventId);
    return { title: `Activity ${name} failed: ${message(a?.failure)}`, name, detail: null };
  },
  ACTIVITY_TASK_TIMED_OUT: (e, ctx) => {
    const name = activity(ctx, e.activityTaskTimedOutEventAttributes?.scheduledEventId);
    return { title: `Activity ${name} timed out`, name, detail: null };
  },
  ACTIVITY_TASK_CANCEL_REQUESTED: (e, ctx) => {
    const name = activity(ctx, e.activityTaskCancelRequestedEventAttributes?.scheduledEventId);
    return { title: `Activity ${name} cancellation requested`, name, detail: null };
  },
  ACTIVITY_TASK_CANCELED: (e, ctx) => {
    const name = activity(ctx, e.activityTaskCanceledEventAttributes?.scheduledEventId);
    return { title: `Activity ${name} cancelled`, name, detail: null };
  },
  TIMER_STARTED: (e) => {
    const a = e.timerStartedEventAttributes;
    return { title: `Timer set for ${seconds(a?.startToFireTimeout)}`, name: a?.timerId ?? null, detail: null };
  },
  TIMER_FIRED: (e) => ({ title: 'Timer fired', name: e.timerFiredEventAttributes?.timerId ?? null, detail: null }),
  TIMER_CANCELED: (e) => ({
    title: 'Timer cancelled',
    name: e.timerCanceledEventAttributes?.timerId ?? null,
    detail: null,
  }),
  WORKFLOW_EXECUTION_SIGNALED: (e, ctx) => {
    const name = e.workflowExecutionSignaledEventAttributes?.signalName ?? 'unnamed';
    return { title: `Signal ${name} received`, name, detail: summariseValue(ctx.args) };
  },
  WORKFLOW_EXECUTION_UPDATE_ADMITTED: (e, ctx) => {
    const name = e.workflowExecutionUpdateAdmittedEventAttributes?.request?.input?.name ?? 'unnamed';
    return { category: 'update', title: `Update ${name} admitted`, name, detail: summariseValue(ctx.args) };
  },
  WORKFLOW_EXECUTION_UPDATE_ACCEPTED: (e, ctx) => {
    const name = e.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.input?.name ?? 'unnamed';
    return { category: 'update', title: `Update ${name} accepted`, name, detail: summariseValue(ctx.args) };
  },
  WORKFLOW_EXECUTION_UPDATE_COMPLETED: (e) => {
    const outcome = e.workflowExecutionUpdateCompletedEventAttributes?.outcome;
    const failed = outcome?.failure;
    return {
      category: 'update',
      title: failed ? `Update failed: ${message(failed)}` : 'Update completed',
      name: null,
      detail: failed ? null : summariseValue(firstArgument(outcome?.success)),
    };
  },
  MARKER_RECORDED: (e) => {
    const name = e.markerRecordedEventAttributes?.markerName ?? 'marker';
    const patch = name === 'core_patch' ? 'Code version marker recorded' : `Marker ${name} recorded`;
    return { title: patch, name, detail: null };
  },
  UPSERT_WORKFLOW_SEARCH_ATTRIBUTES: () => ({
    category: 'other',
    title: 'Search attributes updated (the step it is on)',
    name: null,
    detail: null,
  }),
  START_CHILD_WORKFLOW_EXECUTION_INITIATED: (e) => {
    const a = e.startChildWorkflowExecutionInitiatedEventAttributes;
    return {
      title: `Child process ${a?.workflowId ?? ''} requested`,
      name: a?.workflowType?.name ?? null,
      detail: null,
    };
  },
  CHILD_WORKFLOW_EXECUTION_STARTED: (e) => {
    const a = e.childWorkflowExecutionStartedEventAttributes;
    return {
      title: `Child process ${a?.workflowExecution?.workflowId ?? ''} started`,
      name: a?.workflowType?.name ?? null,
      detail: null,
    };
  },
  CHILD_WORKFLOW_EXECUTION_COMPLETED: (e) => {
    const a = e.childWorkflowExecutionCompletedEventAttributes;
    return {
      title: `Child process ${a?.workflowExecution?.workflowId ?? ''} completed`,
      name: a?.workflowType?.name ?? null,
      detail: summariseValue(firstArgument(a?.result)),
    };
  },
  SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_INITIATED: (e) => {
    const a = e.signalExternalWorkflowExecutionInitiatedEventAttributes;
    return {
      category: 'signal',
      title: `Signal ${a?.signalName ?? ''} sent to ${a?.workflowExecution?.workflowId ?? ''}`,
      name: a?.signalName ?? null,
      detail: summariseValue(firstArgument(a?.input)),
    };
  },
};

/** Categories by type prefix, for the events whose sentence does not say its own. */
const PREFIXES: [RegExp, HistoryCategory][] = [
  [/^WORKFLOW_TASK_/, 'workflow-task'],
  [/^ACTIVITY_TASK_/, 'activity'],
  [/^TIMER_/, 'timer'],
  [/^WORKFLOW_EXECUTION_SIGNALED$/, 'signal'],
  [/CHILD_WORKFLOW/, 'child'],
  [/^MARKER_/, 'marker'],
];

/** `WORKFLOW_TASK_COMPLETED` → `Workflow task completed`. */
function inWords(type: string): string {
  const words = type.toLowerCase().replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** The event in words (see WORDS); `args` is what an update or a signal carried. */
export function describeEvent(
  type: string,
  event: HistoryEvent,
  activities: ReadonlyMap<number, string>,
  args: Record<string, unknown> | null,
): Described {
  const byPrefix = PREFIXES.find(([pattern]) => pattern.test(type))?.[1] ?? 'other';
  const words = WORDS[type];
  if (!words) return { category: byPrefix, title: inWords(type), name: null, detail: null };
  const said = words(event, { activities, args });
  return { ...said, category: said.category ?? byPrefix };
}
