/**
 * The carrier's next cut-off after a moment: a daily pick-up time (`HH:MM`) read in the company's time zone, today if
 * it is still ahead, else tomorrow. Pure; uses the platform's time-zone data (Intl), no library.
 */
export function nextCutoff(after: Date, cutoffTime: string, timeZone: string): Date {
  const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(cutoffTime);
  if (!match) throw new RangeError(`cut-off time ${cutoffTime} is not HH:MM`);
  const [hours, minutes] = [Number(match[1]), Number(match[2])];
  const local = localParts(after, timeZone);
  for (const dayOffset of [0, 1, 2]) {
    const wall = Date.UTC(local.year, local.month - 1, local.day + dayOffset, hours, minutes);
    const at = new Date(wall - offsetMinutes(new Date(wall), timeZone) * 60_000);
    // Across a daylight-saving change the offset at the guess may differ from the offset at the result: correct once.
    const corrected = new Date(wall - offsetMinutes(at, timeZone) * 60_000);
    if (corrected.getTime() > after.getTime()) return corrected;
  }
  throw new RangeError(`no cut-off after ${after.toISOString()}`);
}

function localParts(at: Date, timeZone: string) {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  }).formatToParts(at);
  const part = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return {
    year: part('year'),
    month: part('month'),
    day: part('day'),
    hour: part('hour'),
    minute: part('minute'),
    second: part('second'),
  };
}

/** Minutes the zone's wall clock is ahead of UTC at `at`. */
function offsetMinutes(at: Date, timeZone: string): number {
  const l = localParts(at, timeZone);
  const wall = Date.UTC(l.year, l.month - 1, l.day, l.hour, l.minute, l.second);
  return Math.round((wall - Math.floor(at.getTime() / 1000) * 1000) / 60_000);
}
