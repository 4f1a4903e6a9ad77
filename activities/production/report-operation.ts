import type { EntityManager } from '@mikro-orm/postgresql';
import { ratesValidOn } from '../../db/repositories/production-master-repository';
import {
  lockProductionOrder,
  orderComponents,
  orderOperations,
  setProductionStatus,
  type ProductionOrderRow,
} from '../../db/repositories/production-order-repository';
import { productionCost } from '../../db/repositories/production-cost-repository';
import { query } from '../../db/sql';
import { backflush, bookIntoWip } from './backflush';
import { checkQuantity, refuse, round3 } from './production-refusals';
import type { OperationReported, ReportOperationInput } from './production-types';

/** Applied labour and applied overhead (POSTINGS.md): the credit side of an operation report. */
export const APPLIED_LABOUR = '6210';
export const APPLIED_OVERHEAD = '6100';

/** Statuses in which work can be reported. */
export const REPORTABLE = new Set(['released', 'awaiting-stock', 'in-progress']);

/** The order, locked, in a status work can be reported in. */
export async function reportableOrder(em: EntityManager, orderNumber: string): Promise<ProductionOrderRow> {
  const order = await lockProductionOrder(em, orderNumber);
  if (!order) return refuse('REPORT_REFUSED', `Production order ${orderNumber} does not exist`, 'orderNumber');
  if (!REPORTABLE.has(order.status)) {
    return refuse(
      'REPORT_REFUSED',
      `Production order ${order.number} is ${order.status}: no work can be reported`,
      'status',
    );
  }
  return order;
}

/** The report's date (YYYY-MM-DD, UTC): the day whose rates apply. */
export function reportDate(reportedAt: string): string {
  const at = new Date(reportedAt);
  if (Number.isNaN(at.getTime()))
    refuse('REPORT_REFUSED', `reportedAt must be a timestamp, got ${reportedAt}`, 'reportedAt');
  return at.toISOString().slice(0, 10);
}

/**
 * Reports an operation: good + scrap may not exceed what the previous operation passed on (the first: the order
 * quantity) minus what this one already reported. Books labour (hours x the work centre's labour rate valid on the
 * report's date; Dr 1400 / Cr 6210) and overhead (hours x its overhead rate; Dr 1400 / Cr 6100; none without an
 * overhead rate), and backflushes the components consumed at this operation. All in the caller's transaction.
 */
export async function reportOperation(em: EntityManager, input: ReportOperationInput): Promise<OperationReported> {
  const order = await reportableOrder(em, input.orderNumber);
  const operations = await orderOperations(em, order.id);
  const index = operations.findIndex((op) => op.seq === input.seq);
  const op = operations[index];
  if (!op) return refuse('REPORT_REFUSED', `Order ${order.number} has no operation ${input.seq}`, 'seq');
  checkQuantity('REPORT_REFUSED', 'good', input.good);
  checkQuantity('REPORT_REFUSED', 'scrap', input.scrap);
  if (!Number.isFinite(input.labourHours) || input.labourHours < 0) {
    refuse('REPORT_REFUSED', `labourHours must be 0 or more, got ${input.labourHours}`, 'labourHours');
  }
  const units = round3(input.good + input.scrap);
  if (units === 0 && input.labourHours === 0) refuse('REPORT_REFUSED', 'The report reports nothing', 'good');
  const previous = operations[index - 1];
  const received = previous ? previous.goodQuantity : order.quantity;
  const already = round3(op.goodQuantity + op.scrapQuantity);
  const open = round3(received - already);
  if (units > open) {
    const from = previous ? `operation ${previous.seq} passed on ${received}` : `the order is for ${received}`;
    refuse(
      'REPORT_REFUSED',
      `Operation ${op.seq} can report at most ${open} more: ${from} and ${already} are reported already`,
      'good',
    );
  }
  const rates = await ratesValidOn(em, op.workCentreId, reportDate(input.reportedAt));
  const hours = Math.round(input.labourHours * 10_000) / 10_000;
  const labour = rates ? Math.round(hours * rates.labourRate * 100) : 0;
  const overhead = rates?.overheadRate != null ? Math.round(hours * rates.overheadRate * 100) : 0;
  const key = `production:${order.number}:${input.taskId}`;
  const booking = { userName: input.userName, operationSeq: op.seq };
  const what = `${hours} h at ${op.workCentreCode} (operation ${op.seq}) of ${order.number}`;
  await bookIntoWip(em, order, {
    ...booking,
    kind: 'labour',
    account: APPLIED_LABOUR,
    cents: labour,
    description: `applied labour: ${what}`,
    key: `${key}:labour`,
  });
  await bookIntoWip(em, order, {
    ...booking,
    kind: 'overhead',
    account: APPLIED_OVERHEAD,
    cents: overhead,
    description: `applied overhead: ${what}`,
    key: `${key}:overhead`,
  });
  const components = await orderComponents(em, order.id);
  const backflushed = await backflush(em, order, components, {
    operationSeq: op.seq,
    units,
    key: input.taskId,
    userName: input.userName,
  });
  const total = round3(already + units);
  const done = total >= received && (!previous || previous.status === 'done');
  await query(
    em,
    `update production_order_operation set good_quantity = good_quantity + ?, scrap_quantity = scrap_quantity + ?,
            labour_hours = labour_hours + ?, status = ? where id = ?`,
    [input.good, input.scrap, hours, done ? 'done' : 'open', op.id],
  );
  await query(
    em,
    `insert into production_report (production_order_id, kind, operation_seq, good_quantity, scrap_quantity, labour_hours,
            reported_by, reported_at, task_id) values (?, 'operation', ?, ?, ?, ?, ?, ?, ?)`,
    [order.id, op.seq, input.good, input.scrap, hours, input.userName, new Date(input.reportedAt), input.taskId],
  );
  await query(em, `update production_order set scrapped_quantity = scrapped_quantity + ? where id = ?`, [
    input.scrap,
    order.id,
  ]);
  await setProductionStatus(em, order.id, 'in-progress');
  return {
    seq: op.seq,
    received,
    good: round3(op.goodQuantity + input.good),
    scrap: round3(op.scrapQuantity + input.scrap),
    done,
    backflushed,
    cost: await productionCost(em, order.id),
  };
}
