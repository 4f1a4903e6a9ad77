import { API_ERROR_CODES, fieldPath, statusFor } from './errors';

describe('API errors', () => {
  test('field paths read like the request body', () => {
    expect(fieldPath(['lines', 0, 'quantity'])).toBe('lines[0].quantity');
    expect(fieldPath(['customerCode'])).toBe('customerCode');
    expect(fieldPath([])).toBe('');
  });

  test('every code maps to a 4xx or 5xx status', () => {
    for (const code of API_ERROR_CODES) expect(statusFor(code)).toBeGreaterThanOrEqual(400);
    expect(statusFor('FORBIDDEN')).toBe(403);
    expect(statusFor('TASK_FINISHED')).toBe(409);
    expect(statusFor('UNKNOWN_ITEM')).toBe(400);
  });
});
