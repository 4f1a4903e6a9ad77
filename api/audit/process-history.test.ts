import { temporal } from '@temporalio/proto';
import { summariseValue } from './history-words';
import { decisionIdsIn, matchAuditRow, processHistory, type AuditRowRef } from './process-history';

const E = temporal.api.enums.v1.EventType;
const at = (seconds: number) => ({ seconds, nanos: 0 });
const json = (value: unknown) => ({ payloads: [{ data: Buffer.from(JSON.stringify(value)) }] });
const iso = (seconds: number) => new Date(seconds * 1000).toISOString();
const names = new Map([
  ['controller', 'Cora Controller'],
  ['clerk', 'Carla Clerk'],
]);

describe('processHistory', () => {
  test('every event in words; an update names the user of its arguments and its audit row', () => {
    const rows: AuditRowRef[] = [
      { id: 10, at: iso(1), actor: 'clerk', action: 'order.created', entityId: 'SO-1' },
      { id: 11, at: iso(20), actor: 'controller', action: 'task.claimed', entityId: 'wf:credit' },
      { id: 12, at: iso(21), actor: 'controller', action: 'task.completed', entityId: 'wf:credit' },
    ];
    const lines = processHistory(
      [
        {
          eventId: 1,
          eventTime: at(2),
          eventType: E.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED,
          workflowExecutionStartedEventAttributes: {
            workflowType: { name: 'orderFulfillment' },
            input: json({ orderNumber: 'SO-1', requestedBy: 'clerk' }),
          },
        },
        { eventId: 2, eventTime: at(2), eventType: E.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED },
        {
          eventId: 5,
          eventTime: at(3),
          eventType: E.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED,
          activityTaskScheduledEventAttributes: { activityType: { name: 'checkCredit' }, input: json({ x: 1 }) },
        },
        {
          eventId: 7,
          eventTime: at(4),
          eventType: E.EVENT_TYPE_ACTIVITY_TASK_COMPLETED,
          activityTaskCompletedEventAttributes: {
            scheduledEventId: 5,
            result: json({ action: 'hold', decisionId: 42 }),
          },
        },
        {
          eventId: 8,
          eventTime: at(5),
          eventType: E.EVENT_TYPE_TIMER_STARTED,
          timerStartedEventAttributes: { timerId: '1', startToFireTimeout: { seconds: 120 } },
        },
        {
          eventId: 12,
          eventTime: at(20),
          eventType: E.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED,
          workflowExecutionUpdateAcceptedEventAttributes: {
            acceptedRequest: {
              meta: { updateId: 'u-1' },
              input: {
                name: 'completeTask',
                args: json({ taskId: 'wf:credit', completedBy: 'controller', payload: { decision: 'approve' } }),
              },
            },
          },
        },
        {
          eventId: 14,
          eventTime: at(20),
          eventType: E.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_COMPLETED,
          workflowExecutionUpdateCompletedEventAttributes: { acceptedEventId: 12, outcome: { success: json(null) } },
        },
        {
          eventId: 15,
          eventTime: at(22),
          eventType: E.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED,
          workflowExecutionSignaledEventAttributes: { signalName: 'recheck' },
        },
      ] as never,
      rows,
      names,
    );
    expect(lines.map((line) => [line.category, line.title])).toEqual([
      ['process', 'Process started (orderFulfillment)'],
      ['workflow-task', 'Workflow task scheduled'],
      ['activity', 'Activity checkCredit scheduled'],
      ['activity', 'Activity checkCredit completed'],
      ['timer', 'Timer set for 2 min'],
      ['update', 'Update completeTask accepted'],
      ['update', 'Update completed'],
      ['signal', 'Signal recheck received'],
    ]);
    expect(lines[1]?.bookkeeping).toBe(true);
    expect(lines[0]?.user).toEqual({ username: 'clerk', displayName: 'Carla Clerk', source: 'payload', auditId: 10 });
    expect(lines[3]).toMatchObject({ decisionIds: [42], detail: 'action: hold, decisionId: 42', relatedEventId: 5 });
    // The completion row of the very task, not the claim a second earlier.
    expect(lines[5]?.user).toEqual({
      username: 'controller',
      displayName: 'Cora Controller',
      source: 'payload',
      auditId: 12,
    });
    expect(lines[5]?.updateId).toBe('u-1');
    expect(lines[5]?.detail).toBe('taskId: wf:credit, completedBy: controller, payload: {"decision":"approve"}');
    expect(lines[6]).toMatchObject({ relatedEventId: 12, updateId: 'u-1', user: { username: 'controller' } });
    // A signal whose arguments name nobody: the nearest audit row by a person.
    expect(lines[7]?.user).toMatchObject({ username: 'controller', source: 'audit', auditId: 12 });
  });
});

describe('matchAuditRow', () => {
  const rows: AuditRowRef[] = [
    { id: 1, at: iso(100), actor: 'system', action: 'order.credit-held', entityId: 'SO-1' },
    { id: 2, at: iso(200), actor: 'clerk', action: 'order.changed', entityId: 'SO-1' },
  ];
  test('joins by user and time within the window, never to the system actor', () => {
    expect(matchAuditRow(rows, iso(101), null, null)).toBeNull();
    expect(matchAuditRow(rows, iso(205), 'clerk', null)?.id).toBe(2);
    expect(matchAuditRow(rows, iso(205), 'controller', null)).toBeNull();
    expect(matchAuditRow(rows, iso(231), 'clerk', null)).toBeNull();
  });
});

describe('decisionIdsIn and summariseValue', () => {
  test('finds nested decision ids and cuts long payloads', () => {
    expect(decisionIdsIn({ lines: [{ decisionId: 3 }, { decisionId: 4 }], decisionId: 3 })).toEqual([3, 4]);
    expect(decisionIdsIn({ decisionId: 'x' })).toEqual([]);
    expect(summariseValue({ a: 'x'.repeat(300) })).toHaveLength(240);
    expect(summariseValue({ a: null, b: '' })).toBeNull();
    expect(summariseValue([1, 2])).toBe('[1,2]');
  });
});
