import { fulfillment } from './fulfillment-proxies';
import { enter, renewal, type FulfillmentContext } from './fulfillment-context';
import { findPackProblem, findShipProblem } from './dispatch-validation';
import { findDockProblem, findShipDocksProblem } from './dock-validation';
import { ORDER_FULFILLMENT, type PackPayload, type ShipPayload } from './order-fulfillment.contract';
import { packCheckShipProblem } from './pack-check-rules';
import { startPackCheck } from './pack-check-step';
import { packCheckOf } from './pack-check.contract';

/**
 * Packs and ships what is staged, then posts it: the shipment issues stock at FIFO cost and books COGS, the
 * invoice books receivable and revenue. A cancel before the ship confirmation ends it; after, it is too late.
 */
export async function dispatch(ctx: FulfillmentContext): Promise<'shipped' | 'cancelled'> {
  const { state, input, workflowId, controls } = ctx;
  const round = state.round;
  const suffix = state.shipments.length === 0 ? '' : `:${state.shipments.length + 1}`;
  const stagedNow = [...state.staged];
  const notCancelled = (): string | undefined => (controls.cancel ? 'the order is being cancelled' : undefined);
  const wait = { interruptWhen: () => controls.cancel !== null, heartbeat: renewal(ctx) };
  const base = {
    processType: ORDER_FULFILLMENT,
    businessKey: input.orderNumber,
    candidateRole: 'clerk',
    priority: 'normal' as const,
    slaMs: ctx.timing.dispatchSlaMs,
  };

  await enter(ctx, 'awaiting-pack');
  const pack = await ctx.tasks.runUntil(
    {
      ...base,
      taskId: `${workflowId}:pack${suffix}`,
      taskType: 'pack',
      title: `Pack order ${input.orderNumber}`,
      formKind: 'pack',
      payload: { orderNumber: input.orderNumber, customerName: state.customerName, staged: stagedNow },
      requiredFields: ['packages'],
    },
    (payload) => notCancelled() ?? findPackProblem(stagedNow, payload) ?? findDockProblem(stagedNow, payload),
    wait,
  );
  if (pack.kind !== 'completed') return 'cancelled';
  const packages = (pack.completion.payload as unknown as PackPayload).packages;
  const packCheck = await startPackCheck(ctx, stagedNow, packages, `${workflowId}:ship${suffix}`);

  await enter(ctx, 'awaiting-ship');
  ctx.decisive.taskId = `${workflowId}:ship${suffix}`;
  const ship = await ctx.tasks.runUntil(
    {
      ...base,
      taskId: ctx.decisive.taskId,
      taskType: 'ship',
      title: `Ship order ${input.orderNumber}`,
      formKind: 'ship',
      payload: {
        orderNumber: input.orderNumber,
        customerName: state.customerName,
        packages,
        ...(packCheck ? { packCheck: true } : {}),
      },
      requiredFields: ['carrier', 'trackingNumber'],
    },
    (payload) =>
      notCancelled() ??
      packCheckShipProblem(packCheckOf(state)) ??
      findShipProblem(payload) ??
      findShipDocksProblem(packages, payload),
    wait,
  );
  if (ship.kind !== 'completed') return 'cancelled';
  const { carrier, trackingNumber, shipments: byDock } = ship.completion.payload as unknown as ShipPayload;

  await enter(ctx, 'shipping');
  const result = await fulfillment.postOrderShipment({
    workflowId,
    orderNumber: input.orderNumber,
    picks: stagedNow.map((pick) => ({
      lineNo: pick.lineNo,
      locationCode: pick.stagingLocation,
      lotCode: pick.lotCode,
      quantity: pick.quantity,
    })),
    userName: ship.completion.completedBy,
    round,
    carrier,
    trackingNumber,
  });
  state.staged = [];
  ctx.decisive.taskId = null;
  for (const [lineNo, shipped] of Object.entries(result.shippedByLine)) {
    const key = Number(lineNo);
    state.openByLine[key] = Math.max(0, Math.round(((state.openByLine[key] ?? 0) - shipped) * 1000) / 1000);
  }
  state.shipment = result;
  await enter(ctx, 'invoicing');
  const invoice = await fulfillment.invoiceOrder({
    workflowId,
    orderNumber: input.orderNumber,
    userName: input.requestedBy,
    round,
  });
  state.invoice = invoice;
  state.shipments.push({
    round,
    packages,
    carrier,
    trackingNumber,
    shippedBy: ship.completion.completedBy,
    ...(byDock ? { byDock } : {}),
    result,
    invoice,
  });
  return 'shipped';
}
