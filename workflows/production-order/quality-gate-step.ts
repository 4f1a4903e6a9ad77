import { startInspections } from '../quality-inspection/start-inspections';
import { PRODUCTION_ORDER } from './production-order.contract';
import { productionInspectionLines } from './completion-inspection';
import type { CompletionReceived } from './production-order.contract';
import type { ProductionContext } from './production-proxies';

/**
 * The quality gate of one completion (issue 16): goods that landed in quarantine get their inspection lot and its
 * `quality-inspection:<lot-no>` process, started as purchase receipts start theirs (a child left running, ABANDON);
 * a lot the sampling rules skip is released at once. Nothing to do for goods that landed available.
 */
export async function inspectCompletion(
  ctx: ProductionContext,
  received: CompletionReceived,
  receivedBy: string,
): Promise<void> {
  const { order, state } = ctx;
  const lines = productionInspectionLines(received, {
    orderNumber: order.orderNumber,
    itemSku: order.itemSku,
    userName: receivedBy,
  });
  if (lines.length === 0) return;
  // A lot that cannot be opened becomes a retry task for the quality engineer, awaited here: the order waits for it.
  const retryDesk = { tasks: ctx.tasks, processType: PRODUCTION_ORDER, businessKey: order.orderNumber };
  const opened = await startInspections(lines, ctx.input.requestedBy, { retryDesk });
  state.inspectionLots = [...(state.inspectionLots ?? []), ...opened.map((lot) => lot.lotNo)];
}
