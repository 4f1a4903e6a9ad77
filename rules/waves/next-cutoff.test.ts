import { nextCutoff } from './next-cutoff';

describe('the next carrier cut-off', () => {
  test('today when still ahead, tomorrow once passed (UTC)', () => {
    const at = new Date('2026-12-03T14:10:00Z');
    expect(nextCutoff(at, '16:30', 'UTC').toISOString()).toBe('2026-12-03T16:30:00.000Z');
    expect(nextCutoff(at, '14:10', 'UTC').toISOString()).toBe('2026-12-04T14:10:00.000Z');
    expect(nextCutoff(at, '09:00', 'UTC').toISOString()).toBe('2026-12-04T09:00:00.000Z');
  });

  test('read on the company clock: Shanghai 17:00 is 09:00 UTC, New York 17:00 in winter is 22:00 UTC', () => {
    const at = new Date('2026-12-03T08:00:00Z');
    expect(nextCutoff(at, '17:00', 'Asia/Shanghai').toISOString()).toBe('2026-12-03T09:00:00.000Z');
    expect(nextCutoff(at, '17:00', 'America/New_York').toISOString()).toBe('2026-12-03T22:00:00.000Z');
    // 23:30 local in Shanghai (15:30 UTC) is past: the next is the following local evening.
    expect(nextCutoff(new Date('2026-12-03T15:30:00Z'), '17:00', 'Asia/Shanghai').toISOString()).toBe(
      '2026-12-04T09:00:00.000Z',
    );
  });

  test('across the spring daylight-saving change in Berlin', () => {
    // 2026-03-29: clocks go from 02:00 to 03:00; 18:00 local is 16:00 UTC that day (it was 17:00 UTC the day before).
    expect(nextCutoff(new Date('2026-03-29T10:00:00Z'), '18:00', 'Europe/Berlin').toISOString()).toBe(
      '2026-03-29T16:00:00.000Z',
    );
    expect(nextCutoff(new Date('2026-03-28T10:00:00Z'), '18:00', 'Europe/Berlin').toISOString()).toBe(
      '2026-03-28T17:00:00.000Z',
    );
  });

  test('a malformed time is refused', () => {
    expect(() => nextCutoff(new Date(), '25:00', 'UTC')).toThrow(RangeError);
    expect(() => nextCutoff(new Date(), '7:5', 'UTC')).toThrow(RangeError);
  });
});
