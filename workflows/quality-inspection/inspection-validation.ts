import {
  DISPOSITION_PART_KINDS,
  type InspectionLotForTask,
  type TaskCharacteristic,
} from './quality-inspection.contract';

const milli = (quantity: number) => Math.round(quantity * 1000);

/** What a reading's value must be for its characteristic's kind (judging it happens when it is recorded). */
const VALUE_SHAPES: Record<TaskCharacteristic['kind'], { check: (value: unknown) => boolean; words: string }> = {
  numeric: { check: (value) => typeof value === 'number' && Number.isFinite(value), words: 'a number' },
  'pass-fail': { check: (value) => typeof value === 'boolean', words: 'pass (true) or fail (false)' },
  attribute: { check: (value) => typeof value === 'string' && value !== '', words: 'one of the allowed values' },
};

function readingProblem(lot: InspectionLotForTask, entry: unknown, field: string): string | undefined {
  const reading = entry as { characteristic?: unknown; value?: unknown; sampleUnit?: unknown } | null;
  if (!reading || typeof reading.characteristic !== 'string')
    return `${field}.characteristic must name a characteristic`;
  const characteristic = lot.characteristics.find((c) => c.code === reading.characteristic);
  if (!characteristic) {
    return `${field}.characteristic ${reading.characteristic} is not a characteristic of the inspection plan (${lot.characteristics.map((c) => c.code).join(', ')})`;
  }
  const shape = VALUE_SHAPES[characteristic.kind];
  if (!shape.check(reading.value)) return `${field}.value of ${characteristic.code} must be ${shape.words}`;
  const unit = reading.sampleUnit;
  if (
    unit !== undefined &&
    (typeof unit !== 'number' || !Number.isInteger(unit) || unit < 1 || unit > lot.sampleSize)
  ) {
    return `${field}.sampleUnit must be a whole number from 1 to the sample size ${lot.sampleSize}`;
  }
  return undefined;
}

/**
 * Checks the inspector's readings against the lot's pinned plan (pure): each names a characteristic of the plan with
 * a value of its kind and, when given, a sample unit within the sample; every characteristic has a reading. Returns
 * the first problem naming its field, or undefined.
 */
export function findReadingsProblem(lot: InspectionLotForTask, payload: Record<string, unknown>): string | undefined {
  const readings = payload.readings;
  if (!Array.isArray(readings) || readings.length === 0) return 'payload.readings must be a non-empty array';
  for (const [index, entry] of readings.entries()) {
    const problem = readingProblem(lot, entry, `payload.readings[${index}]`);
    if (problem) return problem;
  }
  const read = new Set(readings.map((entry) => (entry as { characteristic: string }).characteristic));
  const missing = lot.characteristics.find((c) => !read.has(c.code));
  return missing ? `payload.readings has no reading of ${missing.code} (${missing.name})` : undefined;
}

function partProblem(entry: unknown, field: string): string | undefined {
  const part = entry as { kind?: unknown; quantity?: unknown } | null;
  if (!part || !DISPOSITION_PART_KINDS.includes(part.kind as never)) {
    return `${field}.kind must be one of ${DISPOSITION_PART_KINDS.join(', ')}`;
  }
  const quantity = part.quantity;
  if (typeof quantity !== 'number' || !Number.isFinite(quantity) || quantity <= 0) {
    return `${field}.quantity must be positive`;
  }
  if (Math.abs(milli(quantity) - quantity * 1000) > 1e-6) return `${field}.quantity must have at most 3 decimals`;
  return undefined;
}

/**
 * Why a lot cannot go back to a supplier, naming `field`, or undefined when it can: purchased goods go back to their
 * supplier, a subcontract delivery to its subcontractor. A production lot was made here: its rejected part is
 * scrapped or reworked instead.
 */
export function returnProblem(lot: Pick<InspectionLotForTask, 'source' | 'sourceDocument'>, field: string) {
  // A subcontract delivery goes back to the subcontractor's site (activities/subcontracting/reject-delivery.ts).
  if (lot.source === 'purchase' || lot.source === 'subcontract') return undefined;
  if (lot.source === 'production') {
    return `${field} rejected-return is not possible for a production lot: production order ${lot.sourceDocument} has no supplier to return to; scrap the rejected part (rejected-scrap) or send it to rework`;
  }
  return `${field} rejected-return needs purchased goods; this lot comes from ${lot.source}`;
}

/**
 * Checks the quality engineer's split (pure): known kinds with positive quantities that add up to the lot exactly;
 * a return only for purchased or subcontracted goods (never for a production lot); a cause, when given, in words.
 * Returns the first problem naming its field, or undefined.
 */
export function findDispositionProblem(
  lot: InspectionLotForTask,
  payload: Record<string, unknown>,
): string | undefined {
  const parts = payload.parts;
  if (!Array.isArray(parts) || parts.length === 0) return 'payload.parts must be a non-empty array';
  let total = 0;
  for (const [index, entry] of parts.entries()) {
    const problem = partProblem(entry, `payload.parts[${index}]`);
    if (problem) return problem;
    const part = entry as { kind: string; quantity: number };
    const refused = part.kind === 'rejected-return' ? returnProblem(lot, `payload.parts[${index}].kind`) : undefined;
    if (refused) return refused;
    total += milli(part.quantity);
  }
  if (total !== milli(lot.quantity)) {
    return `payload.parts must add up to the lot's ${lot.quantity}, not ${total / 1000}`;
  }
  const cause = payload.cause;
  if (cause !== undefined && cause !== null && (typeof cause !== 'string' || cause.length > 500)) {
    return 'payload.cause must be text of at most 500 characters';
  }
  return undefined;
}

/**
 * Checks a concession (pure): `approved` is true or false, and the approver is a second person, never the one who
 * recorded the readings (the task stays open for someone else). Returns the problem naming its field, or undefined.
 */
export function findConcessionProblem(
  readingsBy: string | null,
  payload: Record<string, unknown>,
  completedBy: string,
): string | undefined {
  if (typeof payload.approved !== 'boolean') return 'payload.approved must be true or false';
  if (readingsBy !== null && completedBy === readingsBy) {
    return `payload.approved: a concession needs a second approver; ${completedBy} recorded the readings of this lot`;
  }
  return undefined;
}

/** Checks a rework task's answer (pure): what the rework came to, `accepted` or `scrap`. */
export function findReworkProblem(payload: Record<string, unknown>): string | undefined {
  return payload.outcome === 'accepted' || payload.outcome === 'scrap'
    ? undefined
    : 'payload.outcome must be accepted (good again) or scrap (beyond repair)';
}
