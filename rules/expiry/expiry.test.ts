import { expiryPolicySchema } from '../rule-sets';
import { daysLeft, epochDay, expiryStatus, isExpired } from './index';

const policy = expiryPolicySchema.parse({
  actions: [
    { withinDays: 30, action: 'alert' },
    { withinDays: 3, action: 'scrap-task' },
    { withinDays: 14, action: 'discount', discountPercent: 25 },
  ],
});
const today = epochDay('2026-03-01');

describe('shelf life', () => {
  test('epoch days count whole UTC days from 1970-01-01', () => {
    expect(epochDay('1970-01-01')).toBe(0);
    expect(epochDay('2026-03-01') - epochDay('2026-02-28')).toBe(1);
    expect(() => epochDay('2026-02-30')).toThrow(RangeError);
    expect(() => epochDay('1.3.2026')).toThrow(RangeError);
  });

  test('the expiry date is the last usable day', () => {
    expect(daysLeft(today, today)).toBe(0);
    expect(isExpired(today, today)).toBe(false);
    expect(isExpired(today - 1, today)).toBe(true);
    expect(isExpired(null, today)).toBe(false);
    expect(() => daysLeft(1.5, today)).toThrow(RangeError);
  });
});

describe('expiryStatus', () => {
  test.each([
    [-1, 'expired'],
    [0, { action: 'scrap-task', daysLeft: 0 }],
    [3, { action: 'scrap-task', daysLeft: 3 }],
    [4, { action: 'discount', daysLeft: 4, discountPercent: 25 }],
    [14, { action: 'discount', daysLeft: 14, discountPercent: 25 }],
    [15, { action: 'alert', daysLeft: 15 }],
    [30, { action: 'alert', daysLeft: 30 }],
    [31, 'ok'],
  ])('%i days left -> %j (the most urgent action whose window the lot is in)', (left, expected) => {
    expect(expiryStatus({ expiresOn: today + left }, today, policy)).toEqual(expected);
  });

  test('lots without expiry date are always ok', () => {
    expect(expiryStatus({ expiresOn: null }, today, policy)).toBe('ok');
  });

  test('without actions, a lot is expired or ok', () => {
    const bare = expiryPolicySchema.parse({});
    expect(bare).toEqual({ blockExpired: true, actions: [] });
    expect(expiryStatus({ expiresOn: today }, today, bare)).toBe('ok');
    expect(expiryStatus({ expiresOn: today - 10 }, today, bare)).toBe('expired');
  });
});
