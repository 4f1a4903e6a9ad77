/**
 * The pack check as a clerk does it before confirming a shipment (issue 20: every shipment is checked unless its
 * customer or warehouse opted out): for each package of the ship task, the lines in the box (item, lot, quantity) are
 * scanned through the API. Shared by integration tests (app.inject), browser journeys and the scripts (fetch).
 */

/** One API call as some user: status and parsed body. */
export type ApiCall = (
  method: 'GET' | 'POST',
  url: string,
  body?: unknown,
) => Promise<{ status: number; body: unknown }>;

/** The parts of a ship task the pack check reads. */
export interface ShipTaskForCheck {
  id: string;
  payload: Record<string, unknown>;
}

interface PackedPackage {
  packageNo: string;
  contents: Array<{ lineNo: number; quantity: number }>;
}

interface PackCheckBody {
  required: boolean;
  open: boolean;
  packages: Array<{
    packageNo: string;
    lines: Array<{ lineNo: number; itemSku: string; lotCode: string | null; quantity: number }>;
    checkedAt: string | null;
  }>;
}

const round3 = (value: number): number => Math.round(value * 1000) / 1000;

function totalsByLine(lines: ReadonlyArray<{ lineNo: number; quantity: number }>): string {
  const totals = new Map<number, number>();
  for (const line of lines) totals.set(line.lineNo, round3((totals.get(line.lineNo) ?? 0) + line.quantity));
  return JSON.stringify([...totals].sort(([a], [b]) => a - b));
}

/**
 * Checks every package of a ship task whose shipment waits for its pack check (`payload.packCheck`), scanning what each
 * package holds: the lots come from the pack-check screen's view (the lots picked to its dock), and before scanning the
 * quantities per order line are held against what the packer put in that package (the ship task's packages), so a
 * view that disagreed with the packing fails here instead of being scanned blindly. Throws naming the package when
 * the API refuses a scan. A ship task without a pack check (customer or warehouse opted out) needs nothing.
 */
export async function packCheckShipment(call: ApiCall, ship: ShipTaskForCheck): Promise<void> {
  if (ship.payload.packCheck !== true) return;
  const orderNumber = String(ship.payload.orderNumber);
  const packed = (ship.payload.packages ?? []) as PackedPackage[];
  const view = await call('GET', `/api/orders/${encodeURIComponent(orderNumber)}/pack-check`);
  const body = view.body as PackCheckBody;
  if (view.status !== 200 || !body.open) {
    throw new Error(`pack check of ${orderNumber} is not open: ${view.status} ${JSON.stringify(view.body)}`);
  }
  for (const pkg of body.packages) {
    if (pkg.checkedAt !== null) continue;
    const box = packed.find((candidate) => candidate.packageNo === pkg.packageNo);
    if (!box || totalsByLine(box.contents) !== totalsByLine(pkg.lines)) {
      throw new Error(
        `package ${pkg.packageNo} of ${orderNumber} should hold ${JSON.stringify(pkg.lines)}, ` +
          `but was packed with ${JSON.stringify(box?.contents ?? null)}`,
      );
    }
    const lines = pkg.lines.map((line) => ({ itemSku: line.itemSku, lotCode: line.lotCode, quantity: line.quantity }));
    const url = `/api/orders/${encodeURIComponent(orderNumber)}/pack-check/packages/${encodeURIComponent(pkg.packageNo)}`;
    const checked = await call('POST', url, { lines });
    if (checked.status !== 200) {
      throw new Error(
        `pack check of ${orderNumber} ${pkg.packageNo}: ${checked.status} ${JSON.stringify(checked.body)}`,
      );
    }
  }
}

/**
 * The pack check of a process's ship task that is open now (open, or claimed by the clerk whose form shows it), for
 * journeys that confirm the shipment on the ship task's screen. Call once the ship task is there.
 */
export async function packCheckOpenShipment(call: ApiCall, workflowId: string): Promise<void> {
  const detail = await call('GET', `/api/processes/${encodeURIComponent(workflowId)}`);
  const tasks = (detail.body as { tasks?: Array<ShipTaskForCheck & { taskType: string; status: string }> }).tasks;
  const ship = tasks?.find((task) => task.taskType === 'ship' && ['open', 'claimed'].includes(task.status));
  if (!ship) throw new Error(`no open ship task of ${workflowId}: ${detail.status} ${JSON.stringify(detail.body)}`);
  await packCheckShipment(call, ship);
}

/** An ApiCall over HTTP with a bearer token (browser journeys, scripts against a running API). */
export function fetchCall(baseUrl: string, token: string): ApiCall {
  return async (method, url, body) => {
    const response = await fetch(`${baseUrl}${url}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? (JSON.parse(text) as unknown) : null };
  };
}
