import { fiscalYearStart } from '../../db/repositories/trial-balance-repository';
import { lastDayOf, trialBalanceRange } from './trial-balance-range';

describe('trial balance ranges', () => {
  test('the last day of a month, leap years included', () => {
    expect([
      lastDayOf('2026-02'),
      lastDayOf('2028-02'),
      lastDayOf('2026-04'),
      lastDayOf('2026-12'),
      lastDayOf('0004-02'),
      lastDayOf('2100-02'),
    ]).toEqual(['2026-02-28', '2028-02-29', '2026-04-30', '2026-12-31', '0004-02-29', '2100-02-28']);
  });

  test('the fiscal year a day falls in starts in the year of its first month, or the year before', () => {
    expect(fiscalYearStart('2026-05-10', 1)).toBe('2026-01-01');
    expect(fiscalYearStart('2026-05-10', 4)).toBe('2026-04-01');
    expect(fiscalYearStart('2026-03-31', 4)).toBe('2025-04-01');
    expect(fiscalYearStart('2026-07-01', 7)).toBe('2026-07-01');
  });

  test('cumulative by default (period = through its end), period basis from dates or a month', () => {
    expect(trialBalanceRange({})).toEqual({ basis: 'cumulative', period: null, to: null });
    expect(trialBalanceRange({ period: '2026-02' })).toEqual({
      basis: 'cumulative',
      period: '2026-02',
      to: '2026-02-28',
    });
    expect(trialBalanceRange({ asOf: '2026-03-15' })).toMatchObject({ basis: 'cumulative', to: '2026-03-15' });
    expect(trialBalanceRange({ basis: 'period', period: '2026-02' })).toEqual({
      basis: 'period',
      period: '2026-02',
      from: '2026-02-01',
      to: '2026-02-28',
    });
    expect(trialBalanceRange({ from: '2026-01-10', to: '2026-03-05' })).toMatchObject({
      basis: 'period',
      from: '2026-01-10',
      to: '2026-03-05',
    });
  });
});
