import { temporal } from '@temporalio/proto';
import { businessTimeline } from './business-timeline';

const E = temporal.api.enums.v1.EventType;
const at = (seconds: number) => ({ seconds, nanos: 0 });
const json = (value: unknown) => ({
  payloads: [{ metadata: { encoding: Buffer.from('json/plain') }, data: Buffer.from(JSON.stringify(value)) }],
});

function activity(id: number, seconds: number, name: string, input: unknown, result: unknown) {
  return [
    {
      eventId: id,
      eventTime: at(seconds),
      eventType: E.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED,
      activityTaskScheduledEventAttributes: { activityType: { name }, input: json(input) },
    },
    {
      eventId: id + 1,
      eventTime: at(seconds + 1),
      eventType: E.EVENT_TYPE_ACTIVITY_TASK_COMPLETED,
      activityTaskCompletedEventAttributes: { scheduledEventId: id, result: json(result) },
    },
  ];
}

describe('businessTimeline', () => {
  test('tells the order in business terms, naming the person of each human step', () => {
    const events = [
      { eventId: 1, eventTime: at(0), eventType: E.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED },
      { eventId: 2, eventTime: at(0), eventType: E.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED },
      ...activity(10, 10, 'checkCredit', {}, { action: 'pass', reason: 'within limit' }),
      ...activity(20, 20, 'pinRuleVersion', {}, {}),
      ...activity(
        30,
        30,
        'reserveOrderStock',
        { round: 1 },
        {
          lines: [{ quantity: 10, backorder: 2, picks: [{ quantity: 5 }, { quantity: 3 }] }],
        },
      ),
      ...activity(
        40,
        100,
        'confirmPick',
        { round: 1, userName: 'clerk', picks: [{ quantity: 6 }] },
        {
          short: [{ lineNo: 1, locationCode: 'MAIN-A04', quantity: 2 }],
        },
      ),
      ...activity(50, 200, 'postOrderShipment', { userName: 'clerk', carrier: 'DHL', trackingNumber: 'JD1' }, {}),
      { eventId: 60, eventTime: at(300), eventType: E.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED },
    ];
    const tasks = [
      {
        title: 'Pick order SO-1',
        status: 'completed',
        candidateRole: 'clerk',
        completedBy: 'clerk',
        completedAt: new Date(99_000).toISOString(),
        createdAt: new Date(32_000).toISOString(),
      },
    ];
    const steps = businessTimeline(events as never, tasks, new Map([['clerk', 'Carla Clerk']]), null);
    expect(steps.map((s) => [s.summary, s.actor])).toEqual([
      ['Process started', null],
      ['Credit checked: passed (within limit)', null],
      ['Allocated round 1: 8 of 10, 2 on backorder', null],
      ['Task "Pick order SO-1" for clerk', null],
      ['Task "Pick order SO-1" completed', 'Carla Clerk'],
      ['Picked 6 (round 1); short pick: 2 short at MAIN-A04', 'Carla Clerk'],
      ['Shipped by DHL with tracking JD1', 'Carla Clerk'],
      ['Process ended', null],
    ]);
    expect(steps[2]).toMatchObject({ time: '1970-01-01T00:00:31.000Z', eventId: 31 });
  });

  test('a payload that is not JSON tells nothing rather than failing', () => {
    const events = [
      {
        eventId: 1,
        eventTime: at(1),
        eventType: E.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED,
        activityTaskScheduledEventAttributes: {
          activityType: { name: 'closeOrder' },
          input: { payloads: [{ data: Buffer.from([0xff, 0x00]) }] },
        },
      },
      {
        eventId: 2,
        eventTime: at(2),
        eventType: E.EVENT_TYPE_ACTIVITY_TASK_COMPLETED,
        activityTaskCompletedEventAttributes: { scheduledEventId: 1 },
      },
    ];
    expect(businessTimeline(events as never, [], new Map(), null)).toEqual([
      { time: '1970-01-01T00:00:02.000Z', summary: 'Order closed', actor: null, eventId: 2 },
    ]);
  });
});
