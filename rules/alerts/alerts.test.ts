import { belowReorderPoint, lateProduction, nearExpiry, planSweep, remainingHours, type LiveAlert } from '.';

const now = new Date('2026-12-03T08:00:00.000Z');

describe('late production', () => {
  const order = {
    number: 'PRD-1',
    itemSku: 'BIKE',
    status: 'in-progress',
    quantity: 10,
    dueDate: '2026-12-03',
    operations: [
      { seq: 10, status: 'done' as const, setupHours: 1, runHoursPerUnit: 1, goodQuantity: 10, scrapQuantity: 0 },
      { seq: 20, status: 'open' as const, setupHours: 2, runHoursPerUnit: 0.5, goodQuantity: 4, scrapQuantity: 0 },
      { seq: 30, status: 'open' as const, setupHours: 3, runHoursPerUnit: 1, goodQuantity: 0, scrapQuantity: 0 },
    ],
  };

  test('remaining hours: set-up only before the first report, run time of what is not yet good', () => {
    expect(order.operations.map((operation) => remainingHours(operation, order.quantity))).toEqual([0, 3, 13]);
  });

  test('16 h left from 08:00 finishes 00:00 the next day: exactly at the due end is on time, a minute more is late', () => {
    expect(lateProduction(order, now)).toBeNull();
    const late = lateProduction(order, new Date(now.getTime() + 60_000));
    expect(late).toMatchObject({ kind: 'late-production', subject: 'PRD-1' });
    expect(late?.facts).toMatchObject({
      remainingHours: 16,
      operations: [
        { seq: 20, hours: 3 },
        { seq: 30, hours: 13 },
      ],
    });
    expect(late?.reason).toContain('16 h of work left on 2 operation(s)');
  });

  test('no operations: late once the due date has passed', () => {
    const bare = { ...order, operations: [] };
    expect(lateProduction(bare, now)).toBeNull();
    expect(lateProduction(bare, new Date('2026-12-04T00:00:01Z'))?.reason).toContain('no operation work left');
  });
});

describe('below reorder point', () => {
  const position = { itemSku: 'BOLT', warehouseCode: 'MAIN', reorderPoint: 50, available: 20, onOrder: 30 };
  test('available + on order equal to the reorder point is not below it; one less is', () => {
    expect(belowReorderPoint(position)).toBeNull();
    const cause = belowReorderPoint({ ...position, onOrder: 29 });
    expect(cause).toMatchObject({ subject: 'BOLT@MAIN', facts: { projected: 49 } });
  });
});

describe('near expiry', () => {
  const lot = {
    itemSku: 'MILK',
    lotCode: 'L1',
    expiresOn: '2026-12-13',
    quantity: 5,
    windowDays: 10,
    rule: null,
    ruleVersion: 1,
  };
  test('inside the window (10 days left of 10), outside (11), expired with stock, without stock, without a window', () => {
    expect(nearExpiry(lot, '2026-12-03')).toMatchObject({ subject: 'MILK/L1', facts: { daysLeft: 10 } });
    expect(nearExpiry(lot, '2026-12-02')).toBeNull();
    expect(nearExpiry(lot, '2026-12-15')?.reason).toContain('expired 2 day(s) ago');
    expect(nearExpiry({ ...lot, quantity: 0 }, '2026-12-03')).toBeNull();
    expect(nearExpiry({ ...lot, windowDays: null }, '2026-12-03')).toBeNull();
  });
});

describe('a sweep plan', () => {
  const cause = (subject: string) => ({ kind: 'near-expiry', subject, reason: subject, facts: {} });
  const hour = 3_600_000;
  const live: LiveAlert[] = [
    { id: 1, kind: 'near-expiry', subject: 'open-persists', status: 'open', acknowledgedAt: null },
    {
      id: 2,
      kind: 'near-expiry',
      subject: 'acked-long-ago',
      status: 'acknowledged',
      acknowledgedAt: new Date(now.getTime() - 2 * hour),
    },
    {
      id: 3,
      kind: 'near-expiry',
      subject: 'acked-recently',
      status: 'acknowledged',
      acknowledgedAt: new Date(now.getTime() - 1000),
    },
    {
      id: 4,
      kind: 'near-expiry',
      subject: 'gone',
      status: 'acknowledged',
      acknowledgedAt: new Date(now.getTime() - 1000),
    },
  ];
  test('raises new causes, refreshes open ones, raises again past the interval, leaves recent ones, resolves the gone', () => {
    const causes = ['open-persists', 'acked-long-ago', 'acked-recently', 'new'].map(cause);
    const plan = planSweep(live, causes, now, hour);
    expect(plan.raise.map((entry) => entry.subject)).toEqual(['new']);
    expect(plan.refresh.map((entry) => entry.id)).toEqual([1]);
    expect(plan.raiseAgain.map((entry) => entry.id)).toEqual([2]);
    expect(plan.resolve.map((entry) => entry.id)).toEqual([4]);
  });
});
