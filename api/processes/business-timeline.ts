import { temporal } from '@temporalio/proto';

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;
type Payloads = temporal.api.common.v1.IPayloads | null | undefined;

/** One step of an instance in business terms, with the person for every human step. */
export interface BusinessStep {
  time: string;
  summary: string;
  /** Who did it (display name, else username); null for what the system did on its own. */
  actor: string | null;
  /** The Temporal event it comes from (null for a task row), to find it among the technical events. */
  eventId: number | null;
}

/** A human task of the instance as the task table keeps it. */
export interface TaskRow {
  title: string;
  status: string;
  candidateRole: string;
  completedBy: string | null;
  completedAt: string | null;
  createdAt: string;
  outcome?: unknown;
}

type Json = Record<string, unknown>;
type Say = (input: Json, result: Json) => { summary: string; actor?: string | null } | null;

const list = (value: unknown): Json[] => (Array.isArray(value) ? (value as Json[]) : []);
const sum = (rows: Json[], key: string) => rows.reduce((total, row) => total + Number(row[key] ?? 0), 0);
const round = (input: Json) => Number(input.round ?? 1);
const user = (value: unknown) => (typeof value === 'string' && value ? value : null);

const lineSum = (rows: Json[]) => sum(rows, 'quantity');
const consumedOf = (r: Json) =>
  list(r.consumed)
    .filter((line) => Number(line.quantity ?? 0) > 0)
    .map((line) => `${String(line.quantity)} ${String(line.sku)}`)
    .join(', ');

/** The subcontract order's activities (workflows/subcontract-order) in words; their contract types give the fields. */
const SUBCONTRACT_STEPS: Record<string, Say> = {
  approveSubcontractOrder: (i, r) => ({
    summary: `Subcontract order approved; components consumed ${r.method === 'as-sent' ? 'as sent' : 'by BOM ratio'}`,
    actor: user(i.approvedBy),
  }),
  rejectSubcontractOrder: (i) => ({
    summary: `Subcontract order rejected: ${String(i.reason ?? '')}`,
    actor: user(i.userName),
  }),
  sendSubcontractComponents: (i, r) => ({
    summary: `Components sent to ${String(r.supplierLocation ?? 'the supplier')} (round ${round(i)}): ${list(r.sent)
      .map((line) => `${String(line.quantity)} ${String(line.sku)}`)
      .join(', ')}`,
    actor: user(i.userName),
  }),
  receiveSubcontractDelivery: (i, r) => {
    const consumed = consumedOf(r);
    const what = `Delivery ${String(r.deliveryNo ?? '')} received: ${String(r.finishedQuantity ?? '')} finished`;
    const cost = ` at ${String(r.finishedValue ?? '')} (fee ${String(r.feeAccrued ?? '')})`;
    return { summary: `${what}${consumed ? `, consuming ${consumed}` : ''}${cost}`, actor: user(i.userName) };
  },
  settleSubcontractRest: (i) => ({
    summary: `Rest at the supplier settled: ${lineSum(list(i.returned))} returned, ${lineSum(list(i.scrapped))} scrapped`,
    actor: user(i.userName),
  }),
  closeSubcontractOrder: () => ({ summary: 'Subcontract order closed' }),
};

/** What each business activity of a process means, from its input and its result. Unlisted ones are bookkeeping. */
const STEPS: Record<string, Say> = {
  checkCredit: (_, r) => ({
    summary: `Credit checked: ${r.action === 'hold' ? 'held' : 'passed'} (${String(r.reason ?? '')})`,
  }),
  resolveCreditHold: (i) => ({
    summary: `Credit hold ${String(i.outcome)}${i.comment ? `: ${String(i.comment)}` : ''}`,
    actor: user(i.by),
  }),
  reserveOrderStock: (i, r) => {
    const lines = list(r.lines);
    const allocated = lines.reduce((total, line) => total + sum(list(line.picks), 'quantity'), 0);
    const backorder = sum(lines, 'backorder');
    const rest = backorder > 0 ? `, ${backorder} on backorder` : '';
    return { summary: `Allocated round ${round(i)}: ${allocated} of ${sum(lines, 'quantity')}${rest}` };
  },
  confirmPick: (i, r) => {
    const short = list(r.short).map((s) => `${String(s.quantity)} short at ${String(s.locationCode)}`);
    const picked = `Picked ${sum(list(i.picks), 'quantity')} (round ${round(i)})`;
    return { summary: short.length ? `${picked}; short pick: ${short.join(', ')}` : picked, actor: user(i.userName) };
  },
  postOrderShipment: (i) => ({
    summary: `Shipped${i.carrier ? ` by ${String(i.carrier)}` : ''}${i.trackingNumber ? ` with tracking ${String(i.trackingNumber)}` : ''}`,
    actor: user(i.userName),
  }),
  invoiceOrder: (_, r) => ({ summary: `Invoiced ${String(r.invoiceNumber ?? '')} (${String(r.amount ?? '')})` }),
  applyOrderChange: (i) => ({
    summary: `Order changed${i.reason ? `: ${String(i.reason)}` : ''}`,
    actor: user(i.changedBy),
  }),
  returnStagedStock: (i) => ({ summary: 'Staged stock returned to its bins', actor: user(i.userName) }),
  closeOrder: (i) => ({ summary: `Order closed${i.reason ? `: ${String(i.reason)}` : ''}`, actor: user(i.userName) }),
  ...SUBCONTRACT_STEPS,
};

const ENDINGS: Record<string, (event: HistoryEvent) => string> = {
  WORKFLOW_EXECUTION_COMPLETED: () => 'Process ended',
  WORKFLOW_EXECUTION_FAILED: (e) =>
    `Process failed: ${e.workflowExecutionFailedEventAttributes?.failure?.message ?? ''}`,
  WORKFLOW_EXECUTION_TERMINATED: (e) => `Terminated: ${e.workflowExecutionTerminatedEventAttributes?.reason ?? ''}`,
  WORKFLOW_EXECUTION_CANCELED: () => 'Process cancelled',
};

/** The first argument of a payload list, as JSON (what the SDK's default converter writes); {} otherwise. */
export function firstArgument(payloads: Payloads): Json {
  const payload = payloads?.payloads?.[0];
  if (!payload?.data) return {};
  try {
    const value: unknown = JSON.parse(Buffer.from(payload.data).toString('utf8'));
    return value && typeof value === 'object' ? (value as Json) : {};
  } catch {
    return {}; // not JSON (binary/null encodings): nothing to tell
  }
}

function iso(event: HistoryEvent): string {
  const seconds = Number(event.eventTime?.seconds ?? 0);
  return new Date(seconds * 1000 + Math.floor((event.eventTime?.nanos ?? 0) / 1e6)).toISOString();
}

function typeOf(event: HistoryEvent): string {
  return (temporal.api.enums.v1.EventType[event.eventType ?? 0] ?? '').replace(/^EVENT_TYPE_/, '');
}

/**
 * The instance's story for people: credit checked, allocated round 1, picked by Carla, short pick at MAIN-A04,
 * shipped with tracking …, each human task and who completed it, and how the process ended; oldest first.
 * `names` maps usernames to display names.
 */
export function businessTimeline(
  events: HistoryEvent[],
  tasks: TaskRow[],
  names: Map<string, string>,
  startedBy: string | null,
): BusinessStep[] {
  const person = (username: string | null | undefined) => (username ? (names.get(username) ?? username) : null);
  const scheduled = new Map<number, { name: string; input: Json }>();
  const steps: BusinessStep[] = [];
  for (const event of events) {
    const type = typeOf(event);
    const eventId = Number(event.eventId);
    if (type === 'WORKFLOW_EXECUTION_STARTED') {
      steps.push({ time: iso(event), summary: 'Process started', actor: person(startedBy), eventId });
    }
    const attributes = event.activityTaskScheduledEventAttributes;
    if (attributes?.activityType?.name) {
      scheduled.set(eventId, { name: attributes.activityType.name, input: firstArgument(attributes.input) });
    }
    const completed = event.activityTaskCompletedEventAttributes;
    if (completed) {
      const activity = scheduled.get(Number(completed.scheduledEventId));
      const said = activity && STEPS[activity.name]?.(activity.input, firstArgument(completed.result));
      if (said) steps.push({ time: iso(event), summary: said.summary, actor: person(said.actor), eventId });
    }
    const ending = ENDINGS[type];
    if (ending) steps.push({ time: iso(event), summary: ending(event), actor: null, eventId });
  }
  for (const task of tasks) {
    steps.push({
      time: task.createdAt,
      summary: `Task "${task.title}" for ${task.candidateRole}`,
      actor: null,
      eventId: null,
    });
    if (task.completedAt && task.status !== 'open') {
      steps.push({
        time: task.completedAt,
        summary: `Task "${task.title}" ${task.status === 'completed' ? 'completed' : task.status}`,
        actor: person(task.completedBy),
        eventId: null,
      });
    }
  }
  return steps.sort((a, b) => a.time.localeCompare(b.time));
}
