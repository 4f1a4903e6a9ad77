import { findCompletionReportProblem, findOperationReportProblem } from './report-validation';

describe('findOperationReportProblem', () => {
  test.each([
    [{ good: 8, scrap: 2, labourHours: 3.25 }],
    [{ good: 4, scrap: 0, labourHours: 0 }],
    [{ good: 0, scrap: 0.5, labourHours: 0.1234 }],
  ])('accepts %j against 10 open', (payload) => {
    expect(findOperationReportProblem(10, payload)).toBeUndefined();
  });

  test.each([
    [{ scrap: 0, labourHours: 1 }, 'payload.good must be a number, zero or more'],
    [{ good: -1, scrap: 0, labourHours: 1 }, 'payload.good must be a number, zero or more'],
    [{ good: 1, scrap: '2', labourHours: 1 }, 'payload.scrap must be a number, zero or more'],
    [{ good: 1.0001, scrap: 0, labourHours: 1 }, 'payload.good must have at most 3 decimals'],
    [{ good: 1, scrap: 0, labourHours: -2 }, 'payload.labourHours must be a number, zero or more'],
    [{ good: 1, scrap: 0, labourHours: 0.00001 }, 'payload.labourHours must have at most 4 decimals'],
    [{ good: 0, scrap: 0, labourHours: 1 }, 'payload.good and payload.scrap must not both be zero'],
    [
      { good: 9, scrap: 1.5, labourHours: 1 },
      'payload.good plus payload.scrap (10.5) exceeds the 10 this operation still has open',
    ],
  ])('rejects %j', (payload, expected) => {
    expect(findOperationReportProblem(10, payload as Record<string, unknown>)).toBe(expected);
  });
});

describe('findCompletionReportProblem', () => {
  test('accepts up to what is finished and not yet received', () => {
    expect(findCompletionReportProblem(7, { good: 7, toLocation: 'MAIN-A01' })).toBeUndefined();
  });

  test.each([
    [{ good: 0, toLocation: 'MAIN-A01' }, 'payload.good must be positive'],
    [{ good: 7.5, toLocation: 'MAIN-A01' }, 'payload.good (7.5) exceeds the 7 finished and not yet received'],
    [{ good: 3, toLocation: ' ' }, 'payload.toLocation must name a location'],
    [{ good: 3 }, 'payload.toLocation must name a location'],
  ])('rejects %j', (payload, expected) => {
    expect(findCompletionReportProblem(7, payload as Record<string, unknown>)).toBe(expected);
  });
});
