import type { FastifyInstance } from 'fastify';
import type { MikroORM } from '@mikro-orm/postgresql';
import { num, query } from '../../db/sql';
import type { OrderFulfillmentState, StagedPick } from '../../workflows/order-fulfillment/order-fulfillment.contract';
import { eventually } from './int-env';
import { packCheckShipment, type ApiCall } from './pack-check';

type Headers = { authorization: string };

/** A task row as the API returns it. */
export interface TaskView {
  id: string;
  taskType: string;
  status: string;
  payload: Record<string, unknown> & {
    lines?: Array<{ lineNo: number; picks: Array<{ locationCode: string; lotCode: string | null; quantity: number }> }>;
    staged?: StagedPick[];
    packages?: Array<{ dock?: string }>;
  };
}

/** An ApiCall through Fastify's inject, as the user of `headers`. */
export function injectCall(app: FastifyInstance, headers: Headers): ApiCall {
  return async (method, url, body) => {
    const response = await app.inject({
      method,
      url,
      headers,
      ...(body === undefined ? {} : { payload: body as object }),
    });
    return { status: response.statusCode, body: response.body ? (response.json() as unknown) : null };
  };
}

/** Drives orders through the real API the way clerks and controllers do. */
export function orderDriver(app: FastifyInstance, headers: Headers) {
  const detail = async (workflowId: string, as: Headers = headers) => {
    const response = await app.inject({ method: 'GET', url: `/api/processes/${workflowId}`, headers: as });
    return response.json<{
      instance: { status: string; currentStep: string | null };
      tasks: TaskView[];
      state: OrderFulfillmentState | null;
    }>();
  };
  return {
    detail,
    async place(customerCode: string, lines: Array<{ itemSku: string; quantity: number }>) {
      const response = await app.inject({
        method: 'POST',
        url: '/api/orders',
        headers,
        payload: { customerCode, lines },
      });
      if (response.statusCode !== 201) throw new Error(`order: ${response.statusCode} ${response.body}`);
      return response.json<{ orderNumber: string; workflowId: string }>();
    },
    /** The open task of a type (waits for the workflow to create it). */
    async task(workflowId: string, taskType: string, as: Headers = headers, timeoutMs = 60_000): Promise<TaskView> {
      let last: Awaited<ReturnType<typeof detail>> | undefined;
      return eventually(
        async () => {
          last = await detail(workflowId, as);
          return last.tasks?.find((t) => t.taskType === taskType && t.status === 'open');
        },
        timeoutMs,
        `an open ${taskType} task`,
      ).catch((error: unknown) => {
        // Say where the process stood (credit hold, backorder, another task): a timeout alone tells none of them.
        const stood = JSON.stringify({ instance: last?.instance, state: last?.state, tasks: last?.tasks }).slice(
          0,
          800,
        );
        throw new Error(`${(error as Error).message} of ${workflowId}; the process read last: ${stood}`);
      });
    },
    /** Checks every package of a ship task through the API, as the clerk does before confirming the shipment. */
    async packCheck(ship: TaskView, as: Headers = headers): Promise<void> {
      await packCheckShipment(injectCall(app, as), ship);
    },
    async complete(taskId: string, payload: Record<string, unknown>, as: Headers = headers) {
      return app.inject({ method: 'POST', url: `/api/tasks/${taskId}/complete`, headers: as, payload: { payload } });
    },
    /** Waits until the instance reaches a step (from the workflow's live state). */
    async step(workflowId: string, step: string): Promise<OrderFulfillmentState> {
      return eventually(
        async () => {
          const state = (await detail(workflowId)).state;
          return state?.step === step ? state : undefined;
        },
        60_000,
        `step ${step}`,
      );
    },
  };
}

/** The open task of a process with a form kind (goods-receipt, putaway, ...), once the workflow has created it. */
export async function openFormTask<T extends { id: string }>(
  app: FastifyInstance,
  headers: Headers,
  workflowId: string,
  formKind: string,
  timeoutMs = 60_000,
): Promise<T> {
  let last = '';
  return eventually(
    async () => {
      const response = await app.inject({ method: 'GET', url: `/api/processes/${workflowId}`, headers });
      const body = response.json<{ tasks?: Array<T & { status: string; formKind: string }> }>();
      last = response.body.slice(0, 600);
      return body.tasks?.find((task) => task.status === 'open' && task.formKind === formKind);
    },
    timeoutMs,
    `the ${formKind} task`,
  ).catch((error: unknown) => {
    // Say where the process stood: a timeout alone does not tell a stuck process from a missing one.
    throw new Error(`${(error as Error).message} of ${workflowId}; the process read last: ${last}`);
  });
}

/** Waits until a process instance's projection says it ended as `status` (completed unless told otherwise). */
export async function instanceCompleted(
  orm: MikroORM,
  workflowId: string,
  timeoutMs = 60_000,
  label = 'completion',
  status: 'completed' | 'cancelled' | 'rejected' = 'completed',
): Promise<void> {
  await eventually(
    async () => {
      const [row] = await query<{ status: string }>(
        orm.em.fork(),
        'select status from process_instance where workflow_id = ?',
        [workflowId],
      );
      return row?.status === status ? true : undefined;
    },
    timeoutMs,
    label,
  );
}

/** Every proposed pick of a pick task, confirmed in full. */
export function pickAll(task: TaskView) {
  return (task.payload.lines ?? []).flatMap((line) =>
    line.picks.map((pick) => ({
      lineNo: line.lineNo,
      locationCode: pick.locationCode,
      lotCode: pick.lotCode,
      quantity: pick.quantity,
    })),
  );
}

/** One package holding everything staged, as a pack task completion. */
export function packAll(task: TaskView) {
  // One package per dock: stock staged at two warehouses' docks leaves as two shipments (a single dock may go unnamed).
  const byDock = new Map<string, Map<number, number>>();
  for (const pick of task.payload.staged ?? []) {
    const dock = pick.stagingLocation ?? '';
    const byLine = byDock.get(dock) ?? new Map<number, number>();
    byLine.set(pick.lineNo, (byLine.get(pick.lineNo) ?? 0) + pick.quantity);
    byDock.set(dock, byLine);
  }
  const packages = [...byDock].map(([dock, byLine], index) => ({
    packageNo: `PKG-${index + 1}`,
    weightKg: 4.2,
    ...(byDock.size > 1 ? { dock } : {}),
    contents: [...byLine].map(([lineNo, quantity]) => ({ lineNo, quantity })),
  }));
  return { packages };
}

export const SHIP = { carrier: 'DHL', trackingNumber: 'JD014600000001' };

/** The ship confirmation for a ship task: one carrier and tracking number, or one per dock when packed at two. */
export function shipAll(task: TaskView) {
  const docks = [...new Set((task.payload.packages ?? []).flatMap((pkg) => (pkg.dock ? [pkg.dock] : [])))];
  if (docks.length <= 1) return SHIP;
  const shipments = docks.map((dock, index) => ({
    dock,
    carrier: SHIP.carrier,
    trackingNumber: `JD01460000010${index}`,
  }));
  return { ...SHIP, shipments };
}

/** The books of one item: balances by location/lot/status, and the inventory account, for before/after checks. */
export async function booksOf(orm: MikroORM, sku: string) {
  const balances = await query<Record<string, unknown>>(
    orm.em.fork(),
    `select l.code as location, lot.code as lot, b.status, b.quantity::float as quantity,
            b.reserved_quantity::float as reserved
       from stock_balance b join item i on i.id = b.item_id join location l on l.id = b.location_id
       left join lot on lot.id = b.lot_id
      where i.sku = ? and (b.quantity <> 0 or b.reserved_quantity <> 0) order by 1, 2, 3`,
    [sku],
  );
  const [inventory] = await query<{ v: string }>(
    orm.em.fork(),
    `select coalesce(sum(jl.debit - jl.credit), 0) as v from journal_line jl where jl.account_code = '1300'`,
  );
  return { balances, inventoryAccount: num(inventory?.v) };
}
