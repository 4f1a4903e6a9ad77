/** The workflow type a wave-release schedule starts, and how its schedule is named (one per warehouse). */
export const WAVE_RELEASE_WORKFLOW = 'waveRelease';
export const WAVE_RELEASE = 'wave-release';

/** The Temporal Schedule of a warehouse's scheduled wave release; its runs get this id plus their due time. */
export function waveReleaseScheduleId(warehouseCode: string): string {
  return `${WAVE_RELEASE}:${warehouseCode}`;
}

/** What each scheduled run releases: the warehouse's waiting orders, for one carrier and its daily cut-off. */
export interface WaveReleaseInput {
  warehouseCode: string;
  /** Only orders picking entirely from these zones (absent: every zone of the warehouse). */
  zones?: string[];
  /** The carrier the released orders ship with. */
  carrier: string;
  /** The carrier's daily cut-off, `HH:MM` in the company's time zone; a wave carries the next one after the run. */
  cutoffTime: string;
  /** Minutes before a zone pick or the sort task of a released wave escalates. */
  pickSlaMinutes: number;
  /** Who configured the schedule (the waves' decisions and `requestedBy` say `schedule`). */
  configuredBy: string;
}

/** One wave a run released (or found released by the same run before a retry). */
export interface ReleasedWave {
  waveId: string;
  orderNumbers: string[];
  cutoffAt: string;
  reason: string;
}

export interface WaveReleaseResult {
  firedAt: string;
  released: ReleasedWave[];
  /** Proposed waves the rules hold for more orders or leave to a supervisor, with why. */
  held: Array<{ orderNumbers: string[]; action: string; reason: string }>;
}
