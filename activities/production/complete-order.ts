import type { EntityManager } from '@mikro-orm/postgresql';
import { postMove } from '../../db/inventory/post-move';
import {
  orderComponents,
  orderOperations,
  setProductionStatus,
  type ComponentRow,
} from '../../db/repositories/production-order-repository';
import { insertProductionCost, productionCost, wipByKind } from '../../db/repositories/production-cost-repository';
import { num, query } from '../../db/sql';
import { inspectionPlanInEffect } from '../quality/plan-in-effect';
import { backflush } from './backflush';
import { PRODUCTION_DOCUMENT } from './component-moves';
import { checkQuantity, refuse, round3 } from './production-refusals';
import type { CompleteProductionOrderInput, CompletionReceived, PostedComponent } from './production-types';
import { reportableOrder } from './report-operation';

/** The BOM material of `good` units of a component: quantity per x good at the average cost issued to this order. */
function materialCents(component: ComponentRow, good: number): number {
  if (component.issuedQuantity <= 0) return 0;
  return Math.round((component.quantityPer * good * component.issuedValue * 100) / component.issuedQuantity);
}

/**
 * Receives finished goods: good may not exceed what the last operation reported good minus what is completed
 * already, and a kit not issued in full refuses the completion. Completion-consumed components are backflushed first.
 * The receipt's value is the BOM material for the good quantity (each component at the average cost of what was
 * issued to this order) plus the share of labour and overhead applied and not yet relieved (good / good still
 * uncompleted): a `production-receipt` (Dr 1300 / Cr 1400) with a cost layer at value / good. Behind the quality gate
 * (input.qualityGate) an item with an inspection plan in effect lands in quarantine: the same move, layer and cost,
 * only its status differs (the workflow then opens the completion's inspection lot).
 */
/** The contract's result, plus what the receipt was made of (for the tests and the audit trail). */
export type CompletionPosted = CompletionReceived & {
  unitCost: number;
  material: number;
  conversion: number;
  backflushed: PostedComponent[];
};

export async function completeOrder(em: EntityManager, input: CompleteProductionOrderInput): Promise<CompletionPosted> {
  const order = await reportableOrder(em, input.orderNumber);
  checkQuantity('REPORT_REFUSED', 'good', input.good);
  if (input.good <= 0) refuse('REPORT_REFUSED', 'A completion needs a good quantity above 0', 'good');
  const last = (await orderOperations(em, order.id)).at(-1);
  const lastGood = last ? last.goodQuantity : order.quantity;
  const open = round3(lastGood - order.completedQuantity);
  if (input.good > open) {
    const source = last ? `operation ${last.seq} reported ${lastGood} good` : `the order is for ${lastGood}`;
    refuse(
      'REPORT_REFUSED',
      `At most ${open} can be completed: ${source}, ${order.completedQuantity} completed`,
      'good',
    );
  }
  const before = await orderComponents(em, order.id);
  const unissued = before.find((c) => c.issueMode !== 'backflush' && c.issuedQuantity < c.requiredQuantity);
  if (unissued) {
    refuse('REPORT_REFUSED', `The kit is not issued yet: ${unissued.sku} (line ${unissued.lineNo}) is short`, 'good');
  }
  const key = `production:${order.number}:${input.taskId}`;
  const backflushed = await backflush(em, order, before, {
    operationSeq: null,
    units: input.good,
    key: input.taskId,
    userName: input.userName,
  });
  const components = await orderComponents(em, order.id);
  const material = components.map((c) => ({ lineNo: c.lineNo, cents: materialCents(c, input.good) }));
  const materialTotal = material.reduce((sum, m) => sum + m.cents, 0);
  const wip = await wipByKind(em, order.id);
  const applied = (wip.get('labour') ?? 0) + (wip.get('overhead') ?? 0) + (wip.get('conversionRelieved') ?? 0);
  const conversion = open > 0 ? Math.round((applied * input.good) / open) : 0;
  const total = materialTotal + conversion;
  const effectiveAt = new Date();
  const receivedOn = effectiveAt.toISOString().slice(0, 10);
  const inspected =
    input.qualityGate === true && (await inspectionPlanInEffect(em, order.itemSku, receivedOn)) !== null;
  const stockStatus = inspected ? 'quarantine' : 'available';
  const lotCode = order.itemLotTracked ? order.number : null;
  const receiptKey = `${key}:receipt`;
  const posted = await postMove(em, {
    moveType: 'production-receipt',
    itemSku: order.itemSku,
    lot: lotCode === null ? null : { code: lotCode },
    toLocation: input.toLocation,
    ...(inspected ? { toStatus: 'quarantine' as const } : {}),
    quantity: input.good,
    unitCost: total / 100 / input.good,
    effectiveAt,
    documentType: PRODUCTION_DOCUMENT,
    documentRef: order.number,
    userName: input.userName,
    idempotencyKey: receiptKey,
  });
  // The layer's value is quantity x unit cost in cents: any rounding cent lands on the conversion part.
  const postedCents = Math.round(posted.value * 100);
  const rows = [
    ...material.map((m) => ({ lineNo: m.lineNo as number | null, cents: m.cents })),
    { lineNo: null, cents: conversion + postedCents - total },
  ];
  for (const row of rows) {
    await insertProductionCost(em, {
      orderId: order.id,
      kind: 'completion',
      componentLineNo: row.lineNo,
      quantity: input.good,
      amountCents: -row.cents,
      journalEntryId: posted.journalEntryId,
      stockMoveId: posted.moveId,
      reportedBy: input.userName,
      effectiveAt,
      idempotencyKey: `${key}:completion:${row.lineNo ?? 'conversion'}`,
    });
  }
  const completedQuantity = round3(order.completedQuantity + input.good);
  const finished = completedQuantity >= lastGood && (!last || last.status === 'done');
  await query(em, `update production_order set completed_quantity = ? where id = ?`, [completedQuantity, order.id]);
  await query(
    em,
    `insert into production_report (production_order_id, kind, good_quantity, scrap_quantity, to_location, reported_by,
            reported_at, task_id) values (?, 'completion', ?, 0, ?, ?, ?, ?)`,
    [order.id, input.good, input.toLocation, input.userName, new Date(input.reportedAt), input.taskId],
  );
  const status = finished ? 'completed' : 'in-progress';
  await setProductionStatus(em, order.id, status);
  const [reports] = await query<{ n: string }>(
    em,
    `select count(*) as n from production_report where production_order_id = ? and kind = 'completion'`,
    [order.id],
  );
  return {
    good: input.good,
    value: posted.value,
    unitCost: Math.round((total / input.good) * 100) / 10_000,
    material: materialTotal / 100,
    conversion: (postedCents - materialTotal) / 100,
    backflushed,
    completedQuantity,
    completed: finished,
    cost: await productionCost(em, order.id),
    stockStatus,
    completionNo: num(reports?.n),
    receiptKey,
    toLocation: input.toLocation,
    lotCode,
    receivedOn,
  };
}
