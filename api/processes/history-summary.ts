import { temporal } from '@temporalio/proto';

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;

/** One line of the console's readable timeline. */
export interface TimelineEntry {
  eventId: number;
  time: string;
  type: string;
  summary: string;
}

/** Workflow-task bookkeeping says nothing to a clerk or an auditor; the timeline leaves it out. */
const HIDDEN = new Set([
  'WORKFLOW_TASK_SCHEDULED',
  'WORKFLOW_TASK_STARTED',
  'WORKFLOW_TASK_COMPLETED',
  'ACTIVITY_TASK_STARTED',
]);

type Describe = (event: HistoryEvent, names: Map<number, string>) => string;

/** A sentence per event type that matters; anything else falls back to its humanised type name. */
const DESCRIBERS: Record<string, Describe> = {
  WORKFLOW_EXECUTION_STARTED: (e) => `Started ${e.workflowExecutionStartedEventAttributes?.workflowType?.name ?? ''}`,
  WORKFLOW_EXECUTION_COMPLETED: () => 'Process completed',
  WORKFLOW_EXECUTION_FAILED: (e) =>
    `Process failed: ${e.workflowExecutionFailedEventAttributes?.failure?.message ?? ''}`,
  WORKFLOW_EXECUTION_TERMINATED: (e) => `Terminated: ${e.workflowExecutionTerminatedEventAttributes?.reason ?? ''}`,
  WORKFLOW_EXECUTION_CANCELED: () => 'Process cancelled',
  ACTIVITY_TASK_SCHEDULED: (e) => `Step ${e.activityTaskScheduledEventAttributes?.activityType?.name ?? ''} scheduled`,
  ACTIVITY_TASK_COMPLETED: (e, names) =>
    `Step ${names.get(Number(e.activityTaskCompletedEventAttributes?.scheduledEventId)) ?? ''} done`,
  ACTIVITY_TASK_FAILED: (e, names) =>
    `Step ${names.get(Number(e.activityTaskFailedEventAttributes?.scheduledEventId)) ?? ''} failed: ${
      e.activityTaskFailedEventAttributes?.failure?.message ?? ''
    }`,
  ACTIVITY_TASK_TIMED_OUT: (e, names) =>
    `Step ${names.get(Number(e.activityTaskTimedOutEventAttributes?.scheduledEventId)) ?? ''} timed out (worker lost?)`,
  TIMER_STARTED: (e) => `Timer set (${String(e.timerStartedEventAttributes?.startToFireTimeout?.seconds ?? '')} s)`,
  TIMER_FIRED: () => 'Timer fired (SLA reached)',
  WORKFLOW_EXECUTION_UPDATE_ACCEPTED: (e) =>
    `${e.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.input?.name ?? 'Update'} accepted`,
  WORKFLOW_EXECUTION_UPDATE_COMPLETED: () => 'Human task completion recorded',
  UPSERT_WORKFLOW_SEARCH_ATTRIBUTES: () => 'Moved to the next step',
  WORKFLOW_EXECUTION_SIGNALED: (e) => `Signal ${e.workflowExecutionSignaledEventAttributes?.signalName ?? ''} received`,
};

function typeName(event: HistoryEvent): string {
  const name = temporal.api.enums.v1.EventType[event.eventType ?? 0] ?? 'UNKNOWN';
  return name.replace(/^EVENT_TYPE_/, '');
}

function toIso(event: HistoryEvent): string {
  const seconds = Number(event.eventTime?.seconds ?? 0);
  const nanos = event.eventTime?.nanos ?? 0;
  return new Date(seconds * 1000 + Math.floor(nanos / 1e6)).toISOString();
}

/** Turns raw Temporal history into the timeline the console shows: readable sentences, noise left out. */
export function summariseHistory(events: HistoryEvent[]): TimelineEntry[] {
  const activityNames = new Map<number, string>();
  const timeline: TimelineEntry[] = [];
  for (const event of events) {
    const type = typeName(event);
    const scheduled = event.activityTaskScheduledEventAttributes?.activityType?.name;
    if (scheduled) activityNames.set(Number(event.eventId), scheduled);
    if (HIDDEN.has(type)) continue;
    const describe = DESCRIBERS[type];
    const summary = describe ? describe(event, activityNames) : type.toLowerCase().replace(/_/g, ' ');
    timeline.push({ eventId: Number(event.eventId), time: toIso(event), type, summary: summary.trim() });
  }
  return timeline;
}
