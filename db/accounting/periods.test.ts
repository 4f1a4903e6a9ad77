import { periodCodeOf } from './periods';

describe('periodCodeOf', () => {
  test('the month of an instant depends on the time zone', () => {
    const instant = new Date('2026-01-31T12:00:00Z');
    expect(periodCodeOf(instant, 'UTC')).toBe('2026-01');
    expect(periodCodeOf(instant, 'Pacific/Auckland')).toBe('2026-02');
    expect(periodCodeOf(new Date('2026-03-01T03:00:00Z'), 'America/Los_Angeles')).toBe('2026-02');
  });
});
