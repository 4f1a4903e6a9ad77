/** ISO 2859-3 skip-lot: qualification by consecutive accepted lots, then 1 lot in f inspected; a rejection ends it. */
import { skipLotDecision, type SkipLotRecord } from './index';

const accepted: SkipLotRecord = { inspected: true, accepted: true };
const rejected: SkipLotRecord = { inspected: true, accepted: false };
const skipped: SkipLotRecord = { inspected: false };
const policy = { qualificationLots: 3, frequency: 3 as const };

describe('skip-lot', () => {
  test('qualifying: every lot is inspected until the qualification count', () => {
    expect(skipLotDecision([], policy)).toEqual({
      inspect: true,
      phase: 'qualifying',
      reason: 'qualifying: 0 of 3 consecutive accepted lots',
    });
    expect(skipLotDecision([accepted, accepted], policy)).toMatchObject({ inspect: true, phase: 'qualifying' });
  });

  test('qualified: skip two, inspect the third (1 in 3), and so on', () => {
    const qualified = [accepted, accepted, accepted];
    expect(skipLotDecision(qualified, policy)).toMatchObject({ inspect: false, phase: 'skipping' });
    expect(skipLotDecision([...qualified, skipped], policy).inspect).toBe(false);
    expect(skipLotDecision([...qualified, skipped, skipped], policy)).toMatchObject({
      inspect: true,
      reason: 'skip-lot 1 in 3: 2 lots skipped since the last inspection, inspect this one',
    });
    expect(skipLotDecision([...qualified, skipped, skipped, accepted], policy).inspect).toBe(false);
  });

  test('a rejected lot ends skip-lot: qualify again from zero', () => {
    const history = [accepted, accepted, accepted, skipped, skipped, rejected];
    expect(skipLotDecision(history, policy)).toMatchObject({ inspect: true, phase: 'qualifying' });
    expect(skipLotDecision(history, policy).reason).toMatch(/last inspected lot was rejected/);
    expect(skipLotDecision([...history, accepted, accepted], policy).phase).toBe('qualifying');
    expect(skipLotDecision([...history, accepted, accepted, accepted], policy).phase).toBe('skipping');
  });
});
