import type { EntityManager } from '@mikro-orm/postgresql';
import { InspectionLot } from '../../db/entities';
import type { InspectionLotForTask } from '../../workflows/quality-inspection/quality-inspection.contract';
import { refuse } from './quality-errors';

/** Finds a lot by number with what its tasks show (item, supplier, pinned plan and its characteristics). */
export async function findLot(em: EntityManager, lotNo: string): Promise<InspectionLot> {
  const lot = await em.findOne(
    InspectionLot,
    { lotNo },
    { populate: ['item', 'supplier', 'plan', 'plan.characteristics'] },
  );
  if (!lot) return refuse('INSPECTION_LOT_NOT_FOUND', `No inspection lot ${lotNo}`, 'lotNo');
  return lot;
}

/** The lot as the inspection, disposition and concession tasks show it. Read-only. */
export function lotForTask(lot: InspectionLot): InspectionLotForTask {
  return {
    lotNo: lot.lotNo,
    status: lot.status,
    source: lot.source,
    sourceDocument: lot.sourceDocument,
    sourceLineNo: lot.sourceLineNo,
    supplierCode: lot.supplier?.code ?? null,
    itemSku: lot.item.sku,
    itemName: lot.item.name,
    stockLotCode: lot.stockLotCode,
    locationCode: lot.locationCode,
    quantity: lot.quantity,
    sampleSize: lot.sampleSize,
    ac: lot.ac,
    re: lot.re,
    severity: lot.severity,
    samplingReason: `${lot.sampling.reason}; ${lot.sampling.sampleReason}`,
    samplingResult: lot.sampling.result,
    planVersion: lot.plan?.version ?? null,
    characteristics: (lot.plan?.characteristics.getItems() ?? []).map((c) => ({
      code: c.code,
      name: c.name,
      kind: c.kind,
      nominal: c.nominal,
      lower: c.lower,
      upper: c.upper,
      unit: c.unit,
      allowedValues: c.allowedValues,
    })),
    verdict: lot.verdict,
    nonconformingUnits: lot.nonconformingUnits,
    readingsBy: lot.readingsBy,
  };
}

/** Takes the lot's row lock, so two completions of one lot (a retry racing a crash) run one after the other. */
export async function lockLot(em: EntityManager, lotNo: string): Promise<void> {
  await em.getConnection().execute('select id from inspection_lot where lot_no = ? for update', [lotNo]);
}
