import {
  findConcessionProblem,
  findDispositionProblem,
  findReadingsProblem,
  findReworkProblem,
} from './inspection-validation';
import type { InspectionLotForTask } from './quality-inspection.contract';

const lot: InspectionLotForTask = {
  lotNo: 'IL-000001',
  status: 'inspecting',
  source: 'purchase',
  sourceDocument: 'PO-1',
  sourceLineNo: 1,
  supplierCode: 'S1',
  itemSku: 'BOLT',
  itemName: 'Bolt',
  stockLotCode: 'L1',
  locationCode: 'A-01',
  quantity: 40,
  sampleSize: 5,
  ac: 0,
  re: 1,
  severity: 'normal',
  samplingReason: 'AQL',
  samplingResult: 'inspect',
  planVersion: 1,
  characteristics: [
    {
      code: 'LEN',
      name: 'Length',
      kind: 'numeric',
      nominal: 10,
      lower: 9.9,
      upper: 10.1,
      unit: 'mm',
      allowedValues: null,
    },
    {
      code: 'VIS',
      name: 'Visual',
      kind: 'pass-fail',
      nominal: null,
      lower: null,
      upper: null,
      unit: null,
      allowedValues: null,
    },
  ],
  verdict: null,
  nonconformingUnits: null,
  readingsBy: null,
};

describe('inspection readings', () => {
  test('every characteristic read with a value of its kind passes, out-of-limit values included', () => {
    const payload = {
      readings: [
        { characteristic: 'LEN', value: 12 },
        { characteristic: 'VIS', value: true, sampleUnit: 5 },
      ],
    };
    expect(findReadingsProblem(lot, payload)).toBeUndefined();
  });

  test('an unknown characteristic, a missing one, a wrong value or sample unit is named by its field', () => {
    expect(findReadingsProblem(lot, { readings: [{ characteristic: 'WIDTH', value: 1 }] })).toMatch(
      /^payload\.readings\[0\]\.characteristic WIDTH is not a characteristic/,
    );
    expect(findReadingsProblem(lot, { readings: [{ characteristic: 'LEN', value: 10 }] })).toBe(
      'payload.readings has no reading of VIS (Visual)',
    );
    expect(findReadingsProblem(lot, { readings: [{ characteristic: 'LEN', value: '10' }] })).toBe(
      'payload.readings[0].value of LEN must be a number',
    );
    expect(findReadingsProblem(lot, { readings: [{ characteristic: 'VIS', value: true, sampleUnit: 6 }] })).toMatch(
      /^payload\.readings\[0\]\.sampleUnit/,
    );
    expect(findReadingsProblem(lot, { readings: [] })).toBe('payload.readings must be a non-empty array');
  });
});

describe('disposition split', () => {
  test('a split adding up to the lot passes', () => {
    const parts = [
      { kind: 'accepted', quantity: 30.5 },
      { kind: 'rejected-return', quantity: 9.5 },
    ];
    expect(findDispositionProblem(lot, { parts })).toBeUndefined();
  });

  test('a split that does not add up, an unknown kind or a return of made goods is refused naming the field', () => {
    expect(findDispositionProblem(lot, { parts: [{ kind: 'accepted', quantity: 35 }] })).toBe(
      "payload.parts must add up to the lot's 40, not 35",
    );
    expect(findDispositionProblem(lot, { parts: [{ kind: 'keep', quantity: 40 }] })).toMatch(
      /^payload\.parts\[0\]\.kind/,
    );
    expect(findDispositionProblem(lot, { parts: [{ kind: 'accepted', quantity: 0 }] })).toBe(
      'payload.parts[0].quantity must be positive',
    );
    const shipped = { ...lot, source: 'shipment' };
    expect(findDispositionProblem(shipped, { parts: [{ kind: 'rejected-return', quantity: 40 }] })).toMatch(
      /^payload\.parts\[0\]\.kind rejected-return needs purchased goods/,
    );
    // A subcontract delivery goes back to its subcontractor.
    const subcontracted = { ...lot, source: 'subcontract' };
    expect(findDispositionProblem(subcontracted, { parts: [{ kind: 'rejected-return', quantity: 40 }] })).toBe(
      undefined,
    );
  });

  test('a production lot has no supplier: a return is refused naming the part and saying what to do instead', () => {
    const made = { ...lot, source: 'production', sourceDocument: 'PRD-7', supplierCode: null };
    const split = {
      parts: [
        { kind: 'accepted', quantity: 30 },
        { kind: 'rejected-return', quantity: 10 },
      ],
    };
    expect(findDispositionProblem(made, split)).toBe(
      'payload.parts[1].kind rejected-return is not possible for a production lot: production order PRD-7 has no ' +
        'supplier to return to; scrap the rejected part (rejected-scrap) or send it to rework',
    );
    const scrapped = {
      parts: [
        { kind: 'accepted', quantity: 30 },
        { kind: 'rejected-scrap', quantity: 6 },
        { kind: 'rework', quantity: 4 },
      ],
    };
    expect(findDispositionProblem(made, scrapped)).toBeUndefined();
  });
});

describe('concession', () => {
  test('the one who recorded the readings cannot approve; a second person can', () => {
    expect(findConcessionProblem('ina', { approved: true }, 'ina')).toMatch(/needs a second approver; ina recorded/);
    expect(findConcessionProblem('ina', { approved: true }, 'quinn')).toBeUndefined();
    expect(findConcessionProblem('ina', {}, 'quinn')).toBe('payload.approved must be true or false');
  });
});

describe('rework', () => {
  test('the rework comes to accepted or scrap; anything else is named by its field', () => {
    expect(findReworkProblem({ outcome: 'accepted' })).toBeUndefined();
    expect(findReworkProblem({ outcome: 'scrap' })).toBeUndefined();
    expect(findReworkProblem({ outcome: 'later' })).toMatch(/^payload\.outcome must be accepted/);
  });
});
