import { patched } from '@temporalio/workflow';
import { startInspections, subcontractInspectionLines } from '../quality-inspection/start-inspections';
import {
  SUBCONTRACT_ORDER,
  SUBCONTRACT_REFUSAL,
  type SubcontractOrderView,
  type SupplierReceiptPayload,
} from './subcontract-order.contract';
import { findReturnRestProblem, findSupplierReceiptProblem } from './payload-validation';
import {
  orderTitle,
  refusalFieldOf,
  refusalOf,
  showOrder,
  subcontracting,
  type SubcontractContext,
} from './subcontract-proxies';

const to3 = (value: number) => Math.round(value * 1000) / 1000;

/** Components still at the supplier, for the task payloads. */
const stillThere = (order: SubcontractOrderView) => order.components.filter((line) => line.atSupplier > 0);

/**
 * The supplier's deliveries: a supplier-receipt task (clerk) per delivery until the finished quantity is in. Each
 * completion posts in one activity keyed by the task (consumption by the pinned rules, scrap, returns, the finished
 * goods at cost plus fee); a refusal (over-delivery: quantity; more consumed than at the supplier: the component)
 * re-opens the delivery's task with the reason and writes nothing. Through the quality gate (instances with the
 * `subcontract-quality-gate` marker): a delivery of an item with an inspection plan lands in quarantine and starts its
 * `quality-inspection` child; once the quantity is in, the order waits for its lots, and what the gate sent back to
 * the supplier is open again: more deliveries are asked for until it is in.
 */
export async function receiveDeliveries(ctx: SubcontractContext): Promise<SubcontractOrderView> {
  const qualityGate = patched('subcontract-quality-gate');
  // Instances with this marker check a delivery against the books before accepting its task's completion, so the clerk
  // gets the refusal (400 naming the field) and the task stays open; older ones refuse after it, re-opening the task.
  const confirmFirst = patched('subcontract-receipt-confirm');
  const inspections: Array<Promise<void>> = [];
  const options = { qualityGate, confirmFirst };
  let order = await receiveUntilDelivered(ctx, options, inspections);
  while (inspections.length > 0) {
    await ctx.steps.enter('awaiting-inspection');
    await Promise.all(inspections.splice(0));
    order = await subcontracting.loadSubcontractOrder({ orderNumber: order.orderNumber });
    showOrder(ctx.state, order);
    if (order.delivered < order.quantity) order = await receiveUntilDelivered(ctx, options, inspections);
  }
  return order;
}

/** Supplier-receipt tasks until the delivered quantity reaches the order's (inspections started as they come). */
async function receiveUntilDelivered(
  ctx: SubcontractContext,
  { qualityGate, confirmFirst }: { qualityGate: boolean; confirmFirst: boolean },
  inspections: Array<Promise<void>>,
): Promise<SubcontractOrderView> {
  const { state, workflowId } = ctx;
  const consumption = () => state.consumption ?? defaultPin();
  let order = await subcontracting.loadSubcontractOrder({ orderNumber: ctx.input.orderNumber });
  let attempt = 0;
  let refusalField: string | null = null;
  while (order.delivered < order.quantity) {
    const deliveryNo = state.deliveries.length + 1;
    await ctx.steps.enter('at-supplier');
    attempt += 1;
    state.taskId = `${workflowId}:supplier-receipt:${deliveryNo}${attempt > 1 ? `:${attempt}` : ''}`;
    const lines = order.components;
    const completion = await ctx.tasks.run(
      {
        processType: SUBCONTRACT_ORDER,
        businessKey: order.orderNumber,
        candidateRole: 'clerk',
        taskId: state.taskId,
        taskType: 'supplier-receipt',
        title: `Record delivery ${deliveryNo} of subcontract order ${orderTitle(order)}`,
        priority: state.refusal === null ? 'normal' : 'high',
        slaMs: ctx.input.taskSlaMinutes * 60_000,
        formKind: 'supplier-receipt',
        payload: {
          orderNumber: order.orderNumber,
          supplierCode: order.supplierCode,
          itemSku: order.itemSku,
          quantity: order.quantity,
          delivered: order.delivered,
          open: to3(Math.max(0, order.quantity - order.delivered)),
          deliveryNo,
          consumption: state.consumption,
          components: lines,
          ...(state.refusal === null ? {} : { refusal: state.refusal, refusalField }),
        },
        requiredFields: ['quantity'],
      },
      (payload) => findSupplierReceiptProblem(lines, payload),
      confirmFirst ? { confirm: (payload) => deliveryRefusal(order.orderNumber, payload, consumption()) } : {},
    );
    state.taskId = null;
    await ctx.steps.enter('receiving');
    try {
      const posted = await subcontracting.receiveSubcontractDelivery({
        workflowId,
        orderNumber: order.orderNumber,
        taskId: completion.taskId,
        payload: completion.payload as unknown as SupplierReceiptPayload,
        consumption: consumption(),
        userName: completion.completedBy,
        ...(qualityGate ? { qualityGate } : {}),
      });
      state.deliveries.push(posted);
      state.refusal = null;
      refusalField = null;
      attempt = 0;
      if (qualityGate) {
        const context = { ...order, userName: completion.completedBy };
        await startInspections(subcontractInspectionLines(posted, context), ctx.input.requestedBy, {
          finished: inspections,
          retryDesk: { tasks: ctx.tasks, processType: SUBCONTRACT_ORDER, businessKey: order.orderNumber },
        });
      }
    } catch (error) {
      const refusal = refusalOf(error, SUBCONTRACT_REFUSAL.receipt);
      if (refusal === undefined) throw error;
      state.refusal = refusal;
      refusalField = refusalFieldOf(error);
    }
    order = await subcontracting.loadSubcontractOrder({ orderNumber: order.orderNumber });
    showOrder(state, order);
  }
  return order;
}

/**
 * The refusal a delivery would get from the books (beyond the over-delivery tolerance: `payload.quantity`; more than is
 * at the supplier: `payload.components[i]`), as the message a refused task completion carries, or undefined.
 */
async function deliveryRefusal(
  orderNumber: string,
  payload: Record<string, unknown>,
  consumption: ReturnType<typeof defaultPin> | NonNullable<SubcontractContext['state']['consumption']>,
): Promise<string | undefined> {
  const refusal = await subcontracting.checkSubcontractDelivery({
    orderNumber,
    payload: payload as unknown as SupplierReceiptPayload,
    consumption,
  });
  if (refusal === null) return undefined;
  return refusal.field === null ? refusal.message : `${refusal.field}: ${refusal.message}`;
}

/** Without a pin (never the case after approval) deliveries consume by BOM ratio with no over-delivery. */
function defaultPin() {
  return {
    method: 'bom-ratio' as const,
    overDeliveryPercent: 0,
    ruleSetId: null,
    version: null,
    contentHash: null,
    decisionId: null,
    reason: 'no consumption rules pinned: by BOM ratio',
  };
}

/**
 * The finished goods are in but material is still at the supplier: a last task asks the clerk to record what comes
 * back and what the supplier scrapped (together exactly what is still there), posted in one keyed activity.
 */
export async function settleTheRest(ctx: SubcontractContext, order: SubcontractOrderView): Promise<void> {
  const { state, workflowId } = ctx;
  let current = order;
  for (let attempt = 1; stillThere(current).length > 0; attempt += 1) {
    await ctx.steps.enter('awaiting-return');
    state.taskId = `${workflowId}:supplier-return${attempt > 1 ? `:${attempt}` : ''}`;
    const lines = stillThere(current);
    const completion = await ctx.tasks.run(
      {
        processType: SUBCONTRACT_ORDER,
        businessKey: current.orderNumber,
        candidateRole: 'clerk',
        taskId: state.taskId,
        taskType: 'subcontract-return',
        title: `Record the return of what is left at the supplier for subcontract order ${orderTitle(current)}`,
        priority: 'normal',
        slaMs: ctx.input.taskSlaMinutes * 60_000,
        formKind: 'subcontract-return',
        payload: { orderNumber: current.orderNumber, supplierCode: current.supplierCode, components: lines },
        requiredFields: [],
      },
      (payload) => findReturnRestProblem(lines, payload),
    );
    state.taskId = null;
    await ctx.steps.enter('returning');
    try {
      await subcontracting.settleSubcontractRest({
        workflowId,
        orderNumber: current.orderNumber,
        taskId: completion.taskId,
        returned: (completion.payload.returned ?? []) as Array<{ lineNo: number; quantity: number }>,
        scrapped: (completion.payload.scrapped ?? []) as Array<{ lineNo: number; quantity: number }>,
        userName: completion.completedBy,
      });
      state.refusal = null;
    } catch (error) {
      const refusal = refusalOf(error, SUBCONTRACT_REFUSAL.receipt);
      if (refusal === undefined) throw error;
      state.refusal = refusal;
    }
    current = await subcontracting.loadSubcontractOrder({ orderNumber: current.orderNumber });
    showOrder(state, current);
  }
}
