import { temporal } from '@temporalio/proto';
import { summariseHistory } from './history-summary';

const E = temporal.api.enums.v1.EventType;
const at = (seconds: number) => ({ seconds, nanos: 0 });

describe('summariseHistory', () => {
  test('turns raw events into readable steps and drops workflow-task noise', () => {
    const timeline = summariseHistory([
      {
        eventId: 1,
        eventTime: at(1),
        eventType: E.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED,
        workflowExecutionStartedEventAttributes: { workflowType: { name: 'orderFulfillment' } },
      },
      { eventId: 2, eventTime: at(1), eventType: E.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED },
      {
        eventId: 5,
        eventTime: at(2),
        eventType: E.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED,
        activityTaskScheduledEventAttributes: { activityType: { name: 'reserveOrderStock' } },
      },
      {
        eventId: 7,
        eventTime: at(3),
        eventType: E.EVENT_TYPE_ACTIVITY_TASK_COMPLETED,
        activityTaskCompletedEventAttributes: { scheduledEventId: 5 },
      },
      { eventId: 9, eventTime: at(4), eventType: E.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED },
    ] as never);
    expect(timeline.map((entry) => entry.summary)).toEqual([
      'Started orderFulfillment',
      'Step reserveOrderStock scheduled',
      'Step reserveOrderStock done',
      'Process completed',
    ]);
    expect(timeline[0]).toMatchObject({
      eventId: 1,
      time: '1970-01-01T00:00:01.000Z',
      type: 'WORKFLOW_EXECUTION_STARTED',
    });
  });
});
