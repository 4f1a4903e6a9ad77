import type { EntityManager } from '@mikro-orm/postgresql';
import type { MrpPlannedOrder } from '../../db/entities';
import { DocumentError } from '../../db/errors';
import { insertProductionOrder } from '../../db/manufacturing/production-order-writer';
import { appendAudit } from '../../db/repositories/audit-repository';
import { enqueueProcessStart } from '../../db/repositories/process-start-repository';
import type { ReleaseContext } from './release-context';

const later = (a: string, b: string) => (a > b ? a : b);

/**
 * Releases approved production suggestions: one production order per planned order, started on its release date
 * (today if that has passed) and due on its receipt date (never before the start), in the default warehouse; each
 * order's process is queued with it. An item without a BOM or routing in effect on the start date (or no longer
 * made here) stays approved and is listed with the reason.
 */
export async function releaseProduction(em: EntityManager, context: ReleaseContext, orders: MrpPlannedOrder[]) {
  for (const planned of orders) {
    const startDate = later(planned.releaseDate, context.today);
    const input = {
      itemSku: planned.item.sku,
      quantity: planned.quantity,
      startDate,
      dueDate: later(planned.receiptDate, startDate),
    };
    let number: string;
    let warehouseCode: string;
    try {
      const order = await insertProductionOrder(em, input, context.releasedBy);
      number = order.number;
      warehouseCode = order.warehouse.code;
    } catch (error) {
      if (!(error instanceof DocumentError)) throw error;
      context.notReleased(planned, error.message);
      continue;
    }
    const start = context.starts.productionOrder(number, context.releasedBy, context.taskQueue);
    await enqueueProcessStart(em, start);
    await appendAudit(em, {
      actor: context.releasedBy,
      action: 'production-order.created',
      entityType: 'production_order',
      entityId: number,
      workflowId: start.workflowId,
      details: { ...input, warehouseCode, mrpRun: context.runId, plannedRef: planned.plannedRef },
    });
    context.released('production', number, start.workflowId, [planned]);
  }
}
