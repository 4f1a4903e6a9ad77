import type { AlertCause } from './causes';

/**
 * A released pick wave as the wave-at-risk check sees it: its carrier cut-off and the work its open tasks still hold
 * (the zone pick tasks' item lines at their stops, the sort task's puts, the replenishment task's moves and the pick
 * lines waiting for it).
 */
export interface WaveWork {
  waveId: string;
  /** ISO timestamp: the carrier collects then. */
  cutoffAt: string;
  openTasks: number;
  remainingLines: number;
}

/** How long a remaining line takes and how close to the cut-off the work may end (the sweep's input sets both). */
export interface WaveRiskSettings {
  minutesPerLine: number;
  marginMinutes: number;
}

export const WAVE_RISK_DEFAULTS: WaveRiskSettings = { minutesPerLine: 2, marginMinutes: 15 };

const MINUTE_MS = 60_000;
const round1 = (value: number) => Math.round(value * 10) / 10;
const utc = (date: Date) => `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;

/**
 * Wave at risk: the wave still has open tasks and its remaining lines, at `minutesPerLine` each from `now` (one
 * picker after the other: the cautious reading), end later than `marginMinutes` before its cut-off. A wave past its
 * cut-off with any task open is at risk whatever the estimate.
 */
export function waveAtRisk(
  wave: WaveWork,
  now: Date,
  settings: WaveRiskSettings = WAVE_RISK_DEFAULTS,
): AlertCause<'wave-at-risk'> | null {
  if (wave.openTasks <= 0) return null;
  const cutoff = Date.parse(wave.cutoffAt);
  if (Number.isNaN(cutoff)) return null;
  const remainingMinutes = round1(wave.remainingLines * settings.minutesPerLine);
  const finish = new Date(now.getTime() + remainingMinutes * MINUTE_MS);
  const latest = cutoff - settings.marginMinutes * MINUTE_MS;
  if (finish.getTime() <= latest) return null;
  const minutesToCutoff = round1((cutoff - now.getTime()) / MINUTE_MS);
  const cutoffText = utc(new Date(cutoff));
  const work = `${wave.openTasks} open task(s) with ${wave.remainingLines} line(s) left, about ${remainingMinutes} min`;
  const reason =
    minutesToCutoff <= 0
      ? `Wave ${wave.waveId}: carrier cut-off ${cutoffText} passed ${-minutesToCutoff} min ago with ${work}`
      : `Wave ${wave.waveId}: ${work} (${settings.minutesPerLine} min a line) ends ${utc(finish)}, within ` +
        `${settings.marginMinutes} min of or after its carrier cut-off ${cutoffText}`;
  return {
    kind: 'wave-at-risk',
    subject: wave.waveId,
    reason,
    facts: {
      ...wave,
      remainingMinutes,
      projectedFinish: finish.toISOString(),
      minutesToCutoff,
      minutesPerLine: settings.minutesPerLine,
      marginMinutes: settings.marginMinutes,
    },
  };
}
