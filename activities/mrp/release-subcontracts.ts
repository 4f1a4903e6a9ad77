import type { EntityManager } from '@mikro-orm/postgresql';
import type { MrpPlannedOrder } from '../../db/entities';
import { DocumentError } from '../../db/errors';
import { recordSubcontractChange } from '../../db/planning/planning-changes';
import { appendAudit } from '../../db/repositories/audit-repository';
import { enqueueProcessStart } from '../../db/repositories/process-start-repository';
import { insertSubcontractOrder, type SubcontractOrderInput } from '../../db/subcontracting/subcontract-order-writer';
import type { ReleaseContext } from './release-context';
import { releaseCustomer, runPegs } from './release-customer';

/**
 * Releases approved subcontract suggestions: one draft subcontract order per planned order, to the item's preferred
 * supplier as the run planned with it (context.supplierOf, as purchase release), the fee left to the writer (that
 * supplier's active price for the item), due on the receipt date, the components from the item's BOM, the goods coming
 * back to the default warehouse (as production release picks). The order records its planned order (`<run>:<ref>`),
 * so a retried release finds it instead of writing another. Its process is queued with it (the order waits, a draft,
 * in its approval task). When the BOM has a customer-supplied line, the order is made for the customer whose sales
 * order the suggestion is pegged to (followed through its parents' planned orders): their material goes into it. A
 * suggestion whose pegging leads to no single customer (forecast, safety stock, several customers, a lot-size
 * remainder beyond the customer's quantity) is not released: customer material cannot be spent on anyone else's
 * goods. That suggestion, one without a preferred supplier, or one the writer refuses (no BOM, no price, supplier
 * deactivated ...) stays approved and is listed with the reason; nothing of it is written, the others still release.
 */
export async function releaseSubcontracts(em: EntityManager, context: ReleaseContext, orders: MrpPlannedOrder[]) {
  const pegsOf = runPegs(em, context.runId);
  for (const planned of orders) {
    const supplierCode = context.supplierOf(planned.item.sku);
    if (supplierCode === null) {
      context.notReleased(planned, `${planned.item.sku} has no preferred supplier to subcontract it to`);
      continue;
    }
    let orderNumber: string;
    let input: SubcontractOrderInput;
    try {
      const customer = await releaseCustomer(em, pegsOf, planned, context.today);
      if ('reason' in customer) {
        context.notReleased(planned, customer.reason);
        continue;
      }
      input = {
        supplierCode,
        itemSku: planned.item.sku,
        quantity: planned.quantity,
        dueDate: planned.receiptDate,
        ...customer,
        plannedRef: `${context.runId}:${planned.plannedRef}`,
      };
      ({ orderNumber } = await insertSubcontractOrder(em, input, context.releasedBy));
    } catch (error) {
      if (!(error instanceof DocumentError)) throw error;
      context.notReleased(planned, error.message);
      continue;
    }
    // Its process (approval first) is queued with it, as the API queues a hand-made order's.
    const start = context.starts.subcontractOrder(orderNumber, context.releasedBy, context.taskQueue);
    await enqueueProcessStart(em, start);
    await appendAudit(em, {
      actor: context.releasedBy,
      action: 'subcontract-order.created',
      entityType: 'subcontract_order',
      entityId: orderNumber,
      workflowId: start.workflowId,
      details: { ...input, mrpRun: context.runId },
    });
    // The draft is supply and its components demand from now on (db/planning/mrp-snapshot.ts OPEN_SUBCONTRACT). The
    // release runs once per run (its lock and status), so the change is recorded once.
    await recordSubcontractChange(em, {
      orderNumber,
      workflowId: start.workflowId,
      reason: `subcontract order ${orderNumber} drafted by MRP run ${context.runId}`,
      requestedBy: context.releasedBy,
    });
    context.released('subcontract', orderNumber, start.workflowId, [planned]);
  }
}
