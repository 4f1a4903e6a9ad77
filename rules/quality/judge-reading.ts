/** Judging one inspection reading against its characteristic: numeric limits, pass / fail, or allowed values. */

/** A measured characteristic: conforms when lower <= value <= upper (a missing limit does not bound). */
export interface NumericCharacteristic {
  kind: 'numeric';
  code: string;
  nominal: number | null;
  lower: number | null;
  upper: number | null;
  unit: string;
}

/** A characteristic the inspector passes or fails (visual check, function test). */
export interface PassFailCharacteristic {
  kind: 'pass-fail';
  code: string;
}

/** A characteristic whose value must be one of the allowed values (colour, finish, marking). */
export interface AttributeCharacteristic {
  kind: 'attribute';
  code: string;
  allowedValues: string[];
}

export type Characteristic = NumericCharacteristic | PassFailCharacteristic | AttributeCharacteristic;

/** A reading's verdict with the reason in words, e.g. `12.6 mm is above the upper limit 12.5 mm`. */
export interface ReadingVerdict {
  conforms: boolean;
  reason: string;
}

function judgeNumeric(c: NumericCharacteristic, value: unknown): ReadingVerdict {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    return { conforms: false, reason: `${c.code} needs a number, got ${JSON.stringify(value)}` };
  }
  const shown = (n: number) => `${n}${c.unit ? ` ${c.unit}` : ''}`;
  if (c.lower !== null && value < c.lower) {
    return { conforms: false, reason: `${shown(value)} is below the lower limit ${shown(c.lower)}` };
  }
  if (c.upper !== null && value > c.upper) {
    return { conforms: false, reason: `${shown(value)} is above the upper limit ${shown(c.upper)}` };
  }
  return { conforms: true, reason: `${shown(value)} is within limits` };
}

function judgePassFail(c: PassFailCharacteristic, value: unknown): ReadingVerdict {
  if (typeof value !== 'boolean') return { conforms: false, reason: `${c.code} needs pass (true) or fail (false)` };
  return value ? { conforms: true, reason: 'passed' } : { conforms: false, reason: 'failed' };
}

function judgeAttribute(c: AttributeCharacteristic, value: unknown): ReadingVerdict {
  if (typeof value === 'string' && c.allowedValues.includes(value)) {
    return { conforms: true, reason: `${value} is allowed` };
  }
  return { conforms: false, reason: `${JSON.stringify(value)} is not one of ${c.allowedValues.join(', ')}` };
}

/** Whether `value` conforms to `characteristic`, with the reason. Pure; a value of the wrong kind never conforms. */
export function judgeReading(characteristic: Characteristic, value: unknown): ReadingVerdict {
  switch (characteristic.kind) {
    case 'numeric':
      return judgeNumeric(characteristic, value);
    case 'pass-fail':
      return judgePassFail(characteristic, value);
    case 'attribute':
      return judgeAttribute(characteristic, value);
  }
}
