import type { ChildProcess } from 'node:child_process';
import type { Client } from '@temporalio/client';
import { createTemporalClient } from '../temporal';
import { CRASH_AFTER_COMMIT } from './intake';
import { loginOverHttp, postJson, startApiProcess, type ApiProcess } from '../../test/support/api-process';
import {
  countRows,
  eventually,
  intEnv,
  startWorkerProcess,
  stockedItem,
  stopWorkerProcess,
  useTestOrm,
} from '../../test/support/int-env';
import {
  documentsSince,
  lastDocumentId,
  runsOf,
  startEvidence,
  temporalStatus,
} from '../../test/support/process-evidence';
import { startTcpProxy, type TcpProxy } from '../../test/support/tcp-proxy';

// Each test typically takes under a minute; API processes start slowly on a loaded machine, hence the margin.
jest.setTimeout(180_000);

// The API runs as its own process (api/main.ts, as in production), so it can die with SIGKILL and come back, and its
// Temporal connection can be cut or muted by a TCP proxy. A worker runs the started workflows, to show each one
// finds its document (its first human task opens).
const db = useTestOrm();
const apis: ApiProcess[] = [];
let temporal: Client;
let worker: ChildProcess | undefined;
let proxy: TcpProxy | undefined;

beforeAll(async () => {
  temporal = await createTemporalClient(intEnv().temporalAddress, intEnv().namespace);
  worker = await startWorkerProcess();
});

afterAll(async () => {
  for (const api of apis) await api.stop();
  await stopWorkerProcess(worker);
  await proxy?.close();
  await temporal?.connection.close();
});

async function startApi(options: Parameters<typeof startApiProcess>[0]): Promise<ApiProcess> {
  const api = await startApiProcess(options);
  apis.push(api);
  return api;
}

const CRASH = CRASH_AFTER_COMMIT;
/** How long the API trusts a "Temporal is reachable" answer (api/intake/process-starter.ts). */
const REACHABLE_CACHE_MS = 5000;
// The relay of an API that is about to crash never runs during the test: only the restarted API may start things.
const NO_RELAY = { MILLWRIGHT_OUTBOX_RELAY_MS: String(3_600_000) };
const FAST_RELAY = { MILLWRIGHT_OUTBOX_RELAY_MS: '300' };
const purchaseOrderBody = {
  supplierCode: 'S-STEEL',
  warehouseCode: 'EAST',
  lines: [{ itemSku: 'HW-002', quantity: 10, unitCost: 0.05 }],
};

/** POSTs to an API that kills itself after its commit: the connection drops, and the process ends by SIGKILL. */
async function postIntoCrash(path: string, body: unknown): Promise<void> {
  const api = await startApi({ crashAt: CRASH, env: NO_RELAY });
  const clerk = await loginOverHttp(api, 'clerk');
  await expect(postJson(api, path, clerk, body)).rejects.toThrow();
  expect(await api.exited).toBe('SIGKILL');
}

describe('the API dies between the commit and the start', () => {
  // Its restarted API must not relay the next tests' starts (every API relays the one shared outbox).
  afterAll(async () => {
    for (const api of apis.splice(0)) await api.stop();
  });

  test('the order and the purchase order are committed with their starts, and a restarted API starts both', async () => {
    const sku = await stockedItem(db.orm, 5);
    const ordersBefore = await lastDocumentId(db.orm, 'sales_order');
    const purchasesBefore = await lastDocumentId(db.orm, 'purchase_order');

    await postIntoCrash('/api/orders', { customerCode: 'C-BOLT', lines: [{ itemSku: sku, quantity: 1 }] });
    await postIntoCrash('/api/purchase-orders', purchaseOrderBody);

    const [order, ...extraOrders] = await documentsSince(db.orm, 'sales_order', ordersBefore);
    const [purchase, ...extraPurchases] = await documentsSince(db.orm, 'purchase_order', purchasesBefore);
    expect(extraOrders).toEqual([]);
    expect(extraPurchases).toEqual([]);
    for (const document of [order, purchase]) {
      // Committed with the document: the queued start and the console's row. Temporal has not heard of it yet.
      expect(document).toBeDefined();
      const evidence = await startEvidence(db.orm, temporal, document!.workflowId);
      expect(evidence.outbox?.status).toBe('pending');
      expect(evidence.instance?.status).toBe('pending');
      expect(evidence.temporalStatus).toBeUndefined();
      expect(evidence.createdAudits).toBe(1);
    }

    await startApi({ env: FAST_RELAY });
    for (const document of [order!, purchase!]) {
      const evidence = await eventually(
        async () => {
          const seen = await startEvidence(db.orm, temporal, document.workflowId);
          return seen.outbox?.status === 'started' && seen.openTasks > 0 ? seen : undefined;
        },
        60_000,
        `the relay to start ${document.workflowId} and its first task to open`,
      );
      expect(evidence.temporalStatus).toBe('RUNNING');
      expect(evidence.instance?.status).toBe('running');
      expect(evidence.outbox?.lastError ?? null).toBeNull();
      expect(evidence.createdAudits).toBe(1);
    }
    expect(await documentsSince(db.orm, 'sales_order', ordersBefore)).toHaveLength(1);
    expect(await documentsSince(db.orm, 'purchase_order', purchasesBefore)).toHaveLength(1);
  });
});

describe('the API talks to Temporal through a proxy that can mute or cut the connection', () => {
  let api: ApiProcess;
  let clerk: { authorization: string };

  beforeAll(async () => {
    proxy = await startTcpProxy(intEnv().temporalAddress);
    api = await startApi({
      temporalAddress: proxy.address,
      env: { ...FAST_RELAY, MILLWRIGHT_PROCESS_START_TIMEOUT_MS: '1500' },
    });
    clerk = await loginOverHttp(api, 'clerk');
  });

  test('a start Temporal accepted but whose answer never arrived: one order, one running workflow', async () => {
    const sku = await stockedItem(db.orm, 5);
    const before = await lastDocumentId(db.orm, 'sales_order');
    // Muted from the moment a start request (it names the workflow type) has gone through to Temporal. Whether the
    // API's start right after the commit or its relay sends it first, that first start's answer is held back.
    proxy!.withholdAnswersAfter('orderFulfillment');
    const created = await postJson(api, '/api/orders', clerk, {
      customerCode: 'C-BOLT',
      lines: [{ itemSku: sku, quantity: 1 }],
    });
    expect(created.status).toBe(201);
    const { orderNumber, workflowId } = created.body as { orderNumber: string; workflowId: string };

    // Temporal accepts the workflow, its answer is held back, and the API keeps the start pending for its relay.
    await eventually(
      async () => ((await temporalStatus(temporal, workflowId)) === 'RUNNING' ? true : undefined),
      20_000,
      'Temporal to accept the start',
    );
    await eventually(async () => (proxy!.heldBytes > 0 ? true : undefined), 20_000, 'an answer held back');
    await eventually(
      async () => ((await startEvidence(db.orm, temporal, workflowId)).outbox?.attempts ? true : undefined),
      20_000,
      'the API to record that its start was not answered in time',
    );
    expect((await startEvidence(db.orm, temporal, workflowId)).outbox?.status).toBe('pending');

    proxy!.restore();
    const settled = await eventually(
      async () => {
        const seen = await startEvidence(db.orm, temporal, workflowId);
        return seen.outbox?.status === 'started' && seen.openTasks > 0 ? seen : undefined;
      },
      60_000,
      'the relay to count the start as done and the first task to open',
    );
    expect(settled.instance?.status).toBe('running');
    // Done, not failed: the later attempt found the workflow already started and counted that as success.
    expect(settled.outbox?.attempts).toBeGreaterThanOrEqual(1);
    expect(settled.outbox?.lastError ?? null).toBeNull();
    expect(settled.createdAudits).toBe(1);
    const runs = await eventually(async () => {
      const listed = await runsOf(temporal, workflowId);
      return listed.length > 0 ? listed : undefined;
    });
    expect(runs).toEqual([{ runId: expect.any(String), status: 'RUNNING' }]);
    expect(await documentsSince(db.orm, 'sales_order', before)).toEqual([{ orderNumber, workflowId }]);
  });

  test('Temporal unreachable: POST /api/orders answers 503 with Retry-After and writes nothing', async () => {
    const sku = await stockedItem(db.orm, 5);
    const order = { customerCode: 'C-BOLT', lines: [{ itemSku: sku, quantity: 1 }] };
    const key = { 'idempotency-key': `outage-${Date.now()}` };
    // What a new order writes (an order's own workflow may still add audit entries of other kinds meanwhile).
    const written = `select (select count(*) from sales_order) + (select count(*) from sales_order_line)
                          + (select count(*) from process_start_outbox) + (select count(*) from process_instance)
                          + (select count(*) from api_idempotency_key)
                          + (select count(*) from audit_log where action = 'order.created') as n`;
    const before = await countRows(db.orm, written);
    proxy!.cut();
    // The API trusts a "reachable" answer for a few seconds (a POST in that window is accepted and left to the relay):
    // the refusal is what follows once the outage outlasts it.
    await new Promise((resolve) => setTimeout(resolve, REACHABLE_CACHE_MS + 500));
    const ready = await fetch(`${api.url}/readyz`, { signal: AbortSignal.timeout(10_000) });
    expect(ready.status).toBe(503);
    expect(await ready.json()).toMatchObject({ ok: false, dependencies: { postgres: 'up', temporal: 'down' } });

    const refused = await postJson(api, '/api/orders', { ...clerk, ...key }, order);
    expect(refused.status).toBe(503);
    expect(Number(refused.retryAfter)).toBeGreaterThan(0);
    expect((refused.body.error as { code: string }).code).toBe('PROCESS_UNAVAILABLE');
    expect(await countRows(db.orm, written)).toBe(before);

    // Temporal back: the same request with the same key is taken in (the refusal kept nothing, not even the key).
    proxy!.restore();
    const accepted = await eventually(async () => {
      const again = await postJson(api, '/api/orders', { ...clerk, ...key }, order);
      return again.status === 201 ? again : undefined;
    }, 30_000);
    expect(accepted.body.orderNumber).toEqual(expect.any(String));
  });
});
