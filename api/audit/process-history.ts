import { temporal } from '@temporalio/proto';
import { firstArgument } from '../processes/business-timeline';
import { describeEvent, type Described } from './history-words';

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;
type Json = Record<string, unknown>;

/** Where the person behind an update or a signal comes from. */
export type UserSource = 'payload' | 'audit';

/** One Temporal history event in words, with the authenticated user of an update or a signal. */
export interface HistoryLine extends Described {
  eventId: number;
  time: string;
  /** The Temporal event type (`WORKFLOW_EXECUTION_UPDATE_ACCEPTED`). */
  type: string;
  /** Workflow-task bookkeeping: always in the history, hidden by default on screen. */
  bookkeeping: boolean;
  /** The event this one completes (an activity's scheduling, an update's acceptance), when there is one. */
  relatedEventId: number | null;
  /** The Temporal update id of an update event. */
  updateId: string | null;
  /** The authenticated user who caused an update or a signal (or who started the process), and how we know. */
  user: { username: string; displayName: string; source: UserSource; auditId: number | null } | null;
  /** Rule decisions an activity's result names (`decisionId`), to open them. */
  decisionIds: number[];
}

/** An audit row of the same workflow: the other half of the join that names the user of a signal or an update. */
export interface AuditRowRef {
  id: number;
  at: string;
  actor: string;
  action: string;
  entityId: string;
}

/** Who an update or signal says caused it: the API stamps the signed-in user under one of these names. */
const USER_FIELDS = [
  'completedBy',
  'requestedBy',
  'startedBy',
  'changedBy',
  'approvedBy',
  'by',
  'userName',
  'username',
] as const;

/** How far apart (ms) an audit row and the update or signal it records may be, to be joined without a payload user. */
export const AUDIT_JOIN_WINDOW_MS = 30_000;

const SYSTEM_ACTORS = new Set(['system', 'worker']);

function iso(event: HistoryEvent): string {
  const seconds = Number(event.eventTime?.seconds ?? 0);
  return new Date(seconds * 1000 + Math.floor((event.eventTime?.nanos ?? 0) / 1e6)).toISOString();
}

function typeOf(event: HistoryEvent): string {
  return (temporal.api.enums.v1.EventType[event.eventType ?? 0] ?? 'UNKNOWN').replace(/^EVENT_TYPE_/, '');
}

function userInPayload(args: Json): string | null {
  for (const field of USER_FIELDS) {
    const value = args[field];
    if (typeof value === 'string' && value) return value;
  }
  return null;
}

/** Every `decisionId` (a number) in an activity's result, however deep (allocation results nest them per line). */
export function decisionIdsIn(value: unknown, found: Set<number> = new Set(), depth = 0): number[] {
  if (depth > 6 || value === null || typeof value !== 'object') return [...found];
  if (Array.isArray(value)) {
    for (const item of value) decisionIdsIn(item, found, depth + 1);
    return [...found];
  }
  for (const [key, child] of Object.entries(value as Json)) {
    if (key === 'decisionId' && typeof child === 'number') found.add(child);
    else decisionIdsIn(child, found, depth + 1);
  }
  return [...found];
}

/**
 * The audit row that records an update or a signal: a completed task's own row (`task.completed` of that task id)
 * when the update completes a task, else the row of the same workflow by the same user (any human user when the
 * payload names nobody) nearest in time, within AUDIT_JOIN_WINDOW_MS.
 */
export function matchAuditRow(
  rows: readonly AuditRowRef[],
  time: string,
  username: string | null,
  taskId: string | null,
): AuditRowRef | null {
  if (taskId) {
    const own = rows.find((row) => row.action === 'task.completed' && row.entityId === taskId);
    if (own) return own;
  }
  const at = Date.parse(time);
  let best: AuditRowRef | null = null;
  let bestGap = AUDIT_JOIN_WINDOW_MS + 1;
  for (const row of rows) {
    if (username ? row.actor !== username : SYSTEM_ACTORS.has(row.actor)) continue;
    const gap = Math.abs(Date.parse(row.at) - at);
    if (gap < bestGap) {
      best = row;
      bestGap = gap;
    }
  }
  return best;
}

/** The arguments an update or a signal carried, and its update id (null for anything else). */
function humanInput(event: HistoryEvent): { args: Json; updateId: string | null } | null {
  const accepted = event.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest;
  if (accepted) return { args: firstArgument(accepted.input?.args), updateId: accepted.meta?.updateId ?? null };
  const admitted = event.workflowExecutionUpdateAdmittedEventAttributes?.request;
  if (admitted) return { args: firstArgument(admitted.input?.args), updateId: admitted.meta?.updateId ?? null };
  const signaled = event.workflowExecutionSignaledEventAttributes;
  if (signaled) return { args: firstArgument(signaled.input), updateId: null };
  return null;
}

function relatedOf(event: HistoryEvent): number | null {
  const id =
    event.activityTaskStartedEventAttributes?.scheduledEventId ??
    event.activityTaskCompletedEventAttributes?.scheduledEventId ??
    event.activityTaskFailedEventAttributes?.scheduledEventId ??
    event.activityTaskTimedOutEventAttributes?.scheduledEventId ??
    event.timerFiredEventAttributes?.startedEventId ??
    event.workflowExecutionUpdateCompletedEventAttributes?.acceptedEventId ??
    event.workflowTaskCompletedEventAttributes?.scheduledEventId ??
    event.workflowTaskStartedEventAttributes?.scheduledEventId;
  return id === null || id === undefined ? null : Number(id);
}

const BOOKKEEPING = /^WORKFLOW_TASK_/;

/**
 * The whole Temporal history of an instance, oldest first, every event in words: what ran (activity names and a
 * summary of their input and result), timers, markers, and every update and signal with its name, a summary of what
 * it carried and the authenticated user who caused it. The user comes from the update's or signal's own arguments
 * (the API stamps the signed-in user there) and is confirmed by the audit row the same action wrote; an update or
 * signal whose arguments name nobody gets the user of the nearest human audit row of the workflow (source `audit`).
 * The start is attributed the same way, from the workflow's input (`requestedBy` …) or else the nearest audit row.
 */
export function processHistory(
  events: readonly HistoryEvent[],
  auditRows: readonly AuditRowRef[],
  names: ReadonlyMap<string, string>,
): HistoryLine[] {
  const activities = new Map<number, string>();
  const users = new Map<number, HistoryLine['user']>();
  const updateIds = new Map<number, string | null>();
  const lines: HistoryLine[] = [];
  const person = (username: string, source: UserSource, auditId: number | null) => ({
    username,
    displayName: names.get(username) ?? username,
    source,
    auditId,
  });
  for (const event of events) {
    const eventId = Number(event.eventId);
    const type = typeOf(event);
    const time = iso(event);
    const scheduled = event.activityTaskScheduledEventAttributes?.activityType?.name;
    if (scheduled) activities.set(eventId, scheduled);
    const relatedEventId = relatedOf(event);
    let user: HistoryLine['user'] = null;
    let updateId: string | null = null;
    const input = humanInput(event);
    if (input) {
      updateId = input.updateId;
      const named = userInPayload(input.args);
      const taskId = typeof input.args.taskId === 'string' ? input.args.taskId : null;
      const row = matchAuditRow(auditRows, time, named, taskId);
      if (named) user = person(named, 'payload', row?.id ?? null);
      else if (row) user = person(row.actor, 'audit', row.id);
      users.set(eventId, user);
      updateIds.set(eventId, updateId);
    } else if (type === 'WORKFLOW_EXECUTION_UPDATE_COMPLETED' && relatedEventId !== null) {
      user = users.get(relatedEventId) ?? null;
      updateId = updateIds.get(relatedEventId) ?? null;
    } else if (type === 'WORKFLOW_EXECUTION_STARTED') {
      const named = userInPayload(firstArgument(event.workflowExecutionStartedEventAttributes?.input));
      const row = matchAuditRow(auditRows, time, named, null);
      if (named) user = person(named, 'payload', row?.id ?? null);
      else if (row) user = person(row.actor, 'audit', row.id);
    }
    const completed = event.activityTaskCompletedEventAttributes;
    lines.push({
      eventId,
      time,
      type,
      ...describeEvent(type, event, activities, input?.args ?? null),
      bookkeeping: BOOKKEEPING.test(type),
      relatedEventId,
      updateId,
      user,
      decisionIds: completed ? decisionIdsIn(firstArgument(completed.result)) : [],
    });
  }
  return lines;
}
