import { waveAtRisk } from './wave-at-risk';

const now = new Date('2026-12-03T12:00:00.000Z');
const wave = (cutoffAt: string, remainingLines: number, openTasks = 2) => ({
  waveId: 'W1',
  cutoffAt,
  openTasks,
  remainingLines,
});

describe('waveAtRisk', () => {
  test('enough time before the cut-off, margin included: no alert', () => {
    // 10 lines x 2 min = 20 min: ends 12:20, the latest end is 13:00 - 15 min = 12:45.
    expect(waveAtRisk(wave('2026-12-03T13:00:00.000Z', 10), now)).toBeNull();
  });

  test('remaining lines end inside the margin: at risk, with the figures', () => {
    // 20 lines x 2 min = 40 min: ends 12:40, after 12:30 (12:45 cut-off - 15 min).
    const cause = waveAtRisk(wave('2026-12-03T12:45:00.000Z', 20), now);
    expect(cause?.subject).toBe('W1');
    expect(cause?.facts).toMatchObject({ remainingMinutes: 40, minutesToCutoff: 45, openTasks: 2 });
    expect(cause?.reason).toContain('ends 2026-12-03 12:40 UTC');
  });

  test('a cut-off passed with a task open is at risk even with no line left; no open task, no risk', () => {
    const passed = waveAtRisk(wave('2026-12-03T11:30:00.000Z', 0, 1), now);
    expect(passed?.reason).toContain('passed 30 min ago');
    expect(waveAtRisk(wave('2026-12-03T11:30:00.000Z', 0, 0), now)).toBeNull();
  });

  test('the settings change the estimate', () => {
    const cutoff = '2026-12-03T13:00:00.000Z';
    expect(waveAtRisk(wave(cutoff, 10), now, { minutesPerLine: 5, marginMinutes: 15 })).not.toBeNull();
    expect(waveAtRisk(wave(cutoff, 10), now, { minutesPerLine: 2, marginMinutes: 45 })).not.toBeNull();
  });
});
