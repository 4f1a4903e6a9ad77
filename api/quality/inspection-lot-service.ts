import type { EntityManager } from '@mikro-orm/postgresql';
import type { FilterQuery } from '@mikro-orm/core';
import { HumanTask, InspectionLot, Nonconformance } from '../../db/entities';
import { ApiError } from '../errors';
import type { InspectionLotDetail, InspectionLotListQuery, InspectionLotSummary } from './inspection-lot-schemas';

function summaryOf(lot: InspectionLot): InspectionLotSummary {
  return {
    lotNo: lot.lotNo,
    status: lot.status,
    source: lot.source,
    sourceDocument: lot.sourceDocument,
    sourceLineNo: lot.sourceLineNo,
    deliveryNo: lot.deliveryNo,
    supplierCode: lot.supplier?.code ?? null,
    itemSku: lot.item.sku,
    stockLotCode: lot.stockLotCode,
    locationCode: lot.locationCode,
    quantity: lot.quantity,
    sampleSize: lot.sampleSize,
    ac: lot.ac,
    re: lot.re,
    severity: lot.severity,
    verdict: lot.verdict,
    workflowId: lot.workflowId,
    createdAt: lot.createdAt.toISOString(),
  };
}

/** Inspection lots, newest first (at most 500), filtered by status, supplier, item and source document. */
export async function listInspectionLots(em: EntityManager, query: InspectionLotListQuery) {
  const where: FilterQuery<InspectionLot> = {
    ...(query.status ? { status: query.status } : {}),
    ...(query.supplierCode ? { supplier: { code: query.supplierCode } } : {}),
    ...(query.itemSku ? { item: { sku: query.itemSku } } : {}),
    ...(query.sourceDocument ? { sourceDocument: query.sourceDocument } : {}),
  };
  const lots = await em.find(InspectionLot, where, {
    populate: ['item', 'supplier'],
    orderBy: { id: 'desc' },
    limit: 500,
  });
  return lots.map(summaryOf);
}

/** A lot by number, or 404 NOT_FOUND naming lotNo. */
export async function findInspectionLot(em: EntityManager, lotNo: string): Promise<InspectionLot> {
  const lot = await em.findOne(
    InspectionLot,
    { lotNo },
    { populate: ['item', 'supplier', 'plan', 'readings', 'dispositions'] },
  );
  if (!lot) throw new ApiError('NOT_FOUND', `No inspection lot ${lotNo}`, 'lotNo');
  return lot;
}

/** One lot with its sampling decision and reason, readings, disposition split and nonconformances. */
export async function inspectionLotDetail(em: EntityManager, lotNo: string): Promise<InspectionLotDetail> {
  const lot = await findInspectionLot(em, lotNo);
  const nonconformances = await em.find(Nonconformance, { lot }, { populate: ['supplier'], orderBy: { id: 'asc' } });
  const { sampling } = lot;
  return {
    ...summaryOf(lot),
    planVersion: lot.plan?.version ?? null,
    nonconformingUnits: lot.nonconformingUnits,
    readingsBy: lot.readingsBy,
    sampling: {
      reason: sampling.reason,
      sampleReason: sampling.sampleReason,
      result: sampling.result,
      rule: sampling.rule,
      usedDefault: sampling.usedDefault,
      ruleSetId: sampling.ruleSetId,
      ruleSetVersion: sampling.ruleSetVersion,
      facts: sampling.facts,
      policy: sampling.policy,
      outranked: sampling.outranked.map(({ rule, priority, lostBecause }) => ({ rule, priority, lostBecause })),
    },
    readings: lot.readings.getItems().map((r) => ({
      characteristic: r.characteristic,
      sampleUnit: r.sampleUnit,
      value: r.value,
      conforms: r.conforms,
      judgement: r.judgement,
    })),
    dispositions: lot.dispositions.getItems().map((d) => ({
      kind: d.kind,
      quantity: d.quantity,
      decidedBy: d.decidedBy,
      concessionBy: d.concessionBy,
      documentRef: d.documentRef,
    })),
    nonconformances: nonconformances.map((n) => ({
      cause: n.cause,
      quantity: n.quantity,
      supplierCode: n.supplier?.code ?? null,
      action: n.action,
    })),
  };
}

/**
 * The open disposition task of a lot, for a disposition sent to the lot rather than to its task: a lot still being
 * inspected has none yet (400 naming lotNo: the readings come first), a disposed or released lot none any more (409).
 */
export async function openDispositionTask(em: EntityManager, lotNo: string): Promise<string> {
  const lot = await findInspectionLot(em, lotNo);
  if (lot.status === 'inspecting') {
    throw new ApiError(
      'VALIDATION_FAILED',
      `Inspection lot ${lotNo} is still being inspected: its disposition waits for the readings`,
      'lotNo',
    );
  }
  const task = await em.findOne(
    HumanTask,
    { workflowId: lot.workflowId, taskType: { $like: 'disposition%' }, status: { $in: ['open', 'claimed'] } },
    { orderBy: { createdAt: 'desc' } },
  );
  if (!task) throw new ApiError('TASK_FINISHED', `Inspection lot ${lotNo} is ${lot.status}: no disposition is open`);
  return task.id;
}
