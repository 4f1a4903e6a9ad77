import type { EntityManager } from '@mikro-orm/postgresql';
import { InspectionReading, type InspectionCharacteristic } from '../../db/entities';
import { appendAudit } from '../../db/repositories/audit-repository';
import { judgeReading, type Characteristic } from '../../rules/quality';
import type { ReadingInput, RecordedReadings } from '../../workflows/quality-inspection/quality-inspection.contract';
import { findLot, lockLot } from './load-inspection-lot';
import { refuse } from './quality-errors';

export interface RecordReadingsInput {
  lotNo: string;
  readings: ReadingInput[];
  userName: string;
}

/** A stored characteristic in the shape judgeReading takes. */
export function characteristicOf(c: InspectionCharacteristic): Characteristic {
  if (c.kind === 'numeric') {
    return { kind: 'numeric', code: c.code, nominal: c.nominal, lower: c.lower, upper: c.upper, unit: c.unit ?? '' };
  }
  if (c.kind === 'attribute') return { kind: 'attribute', code: c.code, allowedValues: c.allowedValues ?? [] };
  return { kind: 'pass-fail', code: c.code };
}

/**
 * Records the inspector's readings against the lot's pinned plan in one transaction: an unknown characteristic or a
 * characteristic without a reading is refused naming the field (nothing written); each reading is judged by its
 * limits; the lot is rejected when the nonconforming sample units reach the plan's Re (accepted at Ac or fewer).
 */
export async function recordReadings(em: EntityManager, input: RecordReadingsInput): Promise<RecordedReadings> {
  await lockLot(em, input.lotNo);
  const lot = await findLot(em, input.lotNo);
  if (lot.status !== 'inspecting') {
    return refuse(
      'INSPECTION_LOT_WRONG_STATUS',
      `Inspection lot ${lot.lotNo} is ${lot.status}, not inspecting`,
      'lotNo',
    );
  }
  const characteristics = new Map(
    (lot.plan?.characteristics.getItems() ?? []).map((c) => [c.code, characteristicOf(c)] as const),
  );
  const judged: RecordedReadings['judged'] = [];
  for (const [index, reading] of input.readings.entries()) {
    const characteristic = characteristics.get(reading.characteristic);
    if (!characteristic) {
      const field = `payload.readings[${index}].characteristic`;
      return refuse('INSPECTION_INPUT_INVALID', `${field} ${reading.characteristic} is not in the plan`, field);
    }
    const verdict = judgeReading(characteristic, reading.value);
    judged.push({
      characteristic: reading.characteristic,
      sampleUnit: reading.sampleUnit ?? 1,
      conforms: verdict.conforms,
      judgement: verdict.reason,
    });
  }
  for (const code of characteristics.keys()) {
    if (!judged.some((entry) => entry.characteristic === code)) {
      return refuse('INSPECTION_INPUT_INVALID', `payload.readings has no reading of ${code}`, 'payload.readings');
    }
  }
  const nonconformingUnits = new Set(judged.filter((entry) => !entry.conforms).map((entry) => entry.sampleUnit)).size;
  const rejectAt = lot.re ?? (lot.ac ?? 0) + 1;
  const verdict = nonconformingUnits >= rejectAt ? 'rejected' : 'accepted';
  judged.forEach((entry, index) => {
    const row = new InspectionReading();
    row.lot = lot;
    row.characteristic = entry.characteristic;
    row.sampleUnit = entry.sampleUnit;
    row.value = input.readings[index]?.value ?? null;
    row.conforms = entry.conforms;
    row.judgement = entry.judgement.slice(0, 300);
    em.persist(row);
  });
  lot.verdict = verdict;
  lot.nonconformingUnits = nonconformingUnits;
  lot.readingsBy = input.userName;
  lot.readingsAt = new Date();
  lot.status = 'awaiting-disposition';
  await em.flush();
  await appendAudit(em, {
    actor: input.userName,
    action: 'inspection-lot.readings-recorded',
    entityType: 'inspection_lot',
    entityId: lot.lotNo,
    workflowId: lot.workflowId,
    details: { verdict, nonconformingUnits, judged },
  });
  return { verdict, nonconformingUnits, judged };
}
