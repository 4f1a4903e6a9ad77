/**
 * The console's live verdict of one inspection reading, as the inspector types. It mirrors rules/quality
 * judgeReading (the console cannot import rules/): numeric conforms when lower <= value <= upper (a missing limit
 * does not bound), pass / fail by the toggle, attribute when the value is one of the allowed values. The server
 * judges again when the readings are recorded; this only shows the inspector what they are about to record.
 */

/** A characteristic as the inspection task carries it (workflows/quality-inspection TaskCharacteristic). */
export interface InspectionCharacteristic {
  code: string;
  name: string;
  kind: 'numeric' | 'pass-fail' | 'attribute';
  nominal: number | null;
  lower: number | null;
  upper: number | null;
  unit: string | null;
  allowedValues: string[] | null;
}

/** A reading's verdict in words; `conforms` is null while nothing (or nothing judgeable) is entered. */
export interface LiveVerdict {
  conforms: boolean | null;
  reason: string;
}

const shown = (n: number, unit: string | null) => `${n}${unit ? ` ${unit}` : ''}`;

/** The limits of a numeric characteristic in words, e.g. `9.8 – 10.2 mm` or `at most 0.5 mm`. */
export function limitsInWords(c: InspectionCharacteristic): string {
  if (c.lower !== null && c.upper !== null) return `${c.lower} – ${shown(c.upper, c.unit)}`;
  if (c.lower !== null) return `at least ${shown(c.lower, c.unit)}`;
  if (c.upper !== null) return `at most ${shown(c.upper, c.unit)}`;
  return 'no limits';
}

/**
 * The verdict of the raw form value of a reading: a numeric's text (blank: not yet read), a pass-fail's boolean
 * (null: not yet chosen), an attribute's chosen value ('' : not yet chosen).
 */
export function liveVerdict(c: InspectionCharacteristic, raw: unknown): LiveVerdict {
  switch (c.kind) {
    case 'numeric': {
      const text = typeof raw === 'number' ? String(raw) : typeof raw === 'string' ? raw.trim() : '';
      if (text === '') return { conforms: null, reason: 'not read yet' };
      const value = Number(text);
      if (!Number.isFinite(value)) return { conforms: null, reason: 'not a number' };
      if (c.lower !== null && value < c.lower) {
        return {
          conforms: false,
          reason: `${shown(value, c.unit)} is below the lower limit ${shown(c.lower, c.unit)}`,
        };
      }
      if (c.upper !== null && value > c.upper) {
        return {
          conforms: false,
          reason: `${shown(value, c.unit)} is above the upper limit ${shown(c.upper, c.unit)}`,
        };
      }
      return { conforms: true, reason: `${shown(value, c.unit)} is within limits` };
    }
    case 'pass-fail':
      if (typeof raw !== 'boolean') return { conforms: null, reason: 'not checked yet' };
      return raw ? { conforms: true, reason: 'passed' } : { conforms: false, reason: 'failed' };
    case 'attribute': {
      if (typeof raw !== 'string' || raw === '') return { conforms: null, reason: 'not chosen yet' };
      const allowed = c.allowedValues ?? [];
      return allowed.includes(raw)
        ? { conforms: true, reason: `${raw} is allowed` }
        : { conforms: false, reason: `${JSON.stringify(raw)} is not one of ${allowed.join(', ')}` };
    }
  }
}

/**
 * The lot verdict the readings point to, counted as the server counts (activities/quality/record-readings): the
 * sample units with at least one nonconforming reading, rejected at Re (Ac + 1 without one). Undecided while a
 * reading is missing and the count is still below Re.
 */
export function lotVerdictPreview(
  readings: Array<{ sampleUnit: number; verdict: LiveVerdict }>,
  ac: number | null,
  re: number | null,
): { verdict: 'accepted' | 'rejected' | null; defects: number; reason: string } {
  const defects = new Set(readings.filter((r) => r.verdict.conforms === false).map((r) => r.sampleUnit)).size;
  const missing = readings.filter((r) => r.verdict.conforms === null).length;
  const reject = re ?? (ac ?? 0) + 1;
  const units = (n: number) => `${n} nonconforming unit${n === 1 ? '' : 's'}`;
  if (defects >= reject) return { verdict: 'rejected', defects, reason: `${units(defects)}, at or above Re ${reject}` };
  if (missing > 0) return { verdict: null, defects, reason: `${missing} reading(s) to go; ${units(defects)} so far` };
  return { verdict: 'accepted', defects, reason: `${units(defects)}, below Re ${reject}` };
}
