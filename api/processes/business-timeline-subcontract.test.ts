import { temporal } from '@temporalio/proto';
import { businessTimeline } from './business-timeline';

const E = temporal.api.enums.v1.EventType;
const at = (seconds: number) => ({ seconds, nanos: 0 });
const json = (value: unknown) => ({
  payloads: [{ metadata: { encoding: Buffer.from('json/plain') }, data: Buffer.from(JSON.stringify(value)) }],
});

function activity(id: number, name: string, input: unknown, result: unknown) {
  return [
    {
      eventId: id,
      eventTime: at(id),
      eventType: E.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED,
      activityTaskScheduledEventAttributes: { activityType: { name }, input: json(input) },
    },
    {
      eventId: id + 1,
      eventTime: at(id + 1),
      eventType: E.EVENT_TYPE_ACTIVITY_TASK_COMPLETED,
      activityTaskCompletedEventAttributes: { scheduledEventId: id, result: json(result) },
    },
  ];
}

describe('businessTimeline of a subcontract order', () => {
  test('words approval, sending, each delivery, the rest and closing, naming who did them', () => {
    const ref = { workflowId: 'subcontract-order:SC-1', orderNumber: 'SC-1' };
    const events = [
      ...activity(10, 'loadSubcontractOrder', ref, {}),
      ...activity(20, 'approveSubcontractOrder', { ...ref, approvedBy: 'planner' }, { method: 'as-sent' }),
      ...activity(
        30,
        'sendSubcontractComponents',
        { ...ref, round: 1, picks: [], userName: 'clerk' },
        {
          supplierLocation: 'SUP-S1',
          sent: [
            { lineNo: 1, sku: 'BOLT', quantity: 22, moveId: 1 },
            { lineNo: 2, sku: 'PLATE', quantity: 10, moveId: 2 },
          ],
        },
      ),
      ...activity(
        40,
        'receiveSubcontractDelivery',
        { ...ref, taskId: 't1', userName: 'clerk', payload: { quantity: 4 } },
        {
          deliveryNo: 1,
          finishedQuantity: 4,
          consumed: [
            { lineNo: 1, sku: 'BOLT', quantity: 8.8, value: 8.8 },
            { lineNo: 2, sku: 'PLATE', quantity: 0, value: 0 },
          ],
          finishedValue: 20.8,
          feeAccrued: 12,
        },
      ),
      ...activity(
        50,
        'settleSubcontractRest',
        {
          ...ref,
          taskId: 't2',
          userName: 'clerk',
          returned: [{ lineNo: 1, quantity: 1 }],
          scrapped: [{ lineNo: 2, quantity: 0.5 }],
        },
        null,
      ),
      ...activity(60, 'closeSubcontractOrder', ref, 'closed'),
    ];
    const names = new Map([
      ['planner', 'Pat Planner'],
      ['clerk', 'Carla Clerk'],
    ]);
    const steps = businessTimeline(events as never, [], names, null).map((s) => [s.summary, s.actor]);
    expect(steps).toEqual([
      ['Subcontract order approved; components consumed as sent', 'Pat Planner'],
      ['Components sent to SUP-S1 (round 1): 22 BOLT, 10 PLATE', 'Carla Clerk'],
      ['Delivery 1 received: 4 finished, consuming 8.8 BOLT at 20.8 (fee 12)', 'Carla Clerk'],
      ['Rest at the supplier settled: 1 returned, 0.5 scrapped', 'Carla Clerk'],
      ['Subcontract order closed', null],
    ]);
  });
});
