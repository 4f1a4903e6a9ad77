import { randomUUID } from 'node:crypto';
import { Client } from '@temporalio/client';
import { enqueueProcessStart } from '../../db/repositories/process-start-repository';
import { query } from '../../db/sql';
import { countRows, createTestApp, eventually, login, stockedItem, useTestApp } from '../../test/support/int-env';
import { placeOrder, type OrderServiceDeps } from '../orders/order-service';
import { lazyTemporalConnection } from '../temporal';

jest.setTimeout(120_000);

// No worker: what is proven here is that the document, its outbox row and its workflow exist exactly once; the
// workflows' own steps are the fulfillment tests' business.
const t = useTestApp({ worker: false });
const clerk = t.headers('clerk');

const post = (url: string, payload: object, key?: string) =>
  t.app.inject({
    method: 'POST',
    url,
    headers: { ...clerk, ...(key ? { 'idempotency-key': key } : {}) },
    payload,
  });

async function processOf(workflowId: string) {
  const [row] = await query<{ status: string }>(
    t.orm.em.fork(),
    'select status from process_instance where workflow_id = ?',
    [workflowId],
  );
  const [outbox] = await query<{ status: string; attempts: number; last_error: string | null }>(
    t.orm.em.fork(),
    'select status, attempts, last_error from process_start_outbox where workflow_id = ?',
    [workflowId],
  );
  return { instance: row?.status, outbox };
}

describe('create requests with an Idempotency-Key', () => {
  test('the same order sent 10 times at once: one order, one workflow, one audit entry, ten identical answers', async () => {
    const sku = await stockedItem(t.orm, 2);
    const key = randomUUID();
    const body = { customerCode: 'C-BOLT', lines: [{ itemSku: sku, quantity: 1 }] };
    const ordersBefore = await countRows(t.orm, 'select count(*) as n from sales_order');

    const answers = await Promise.all(Array.from({ length: 10 }, () => post('/api/orders', body, key)));

    const distinct = new Set(answers.map((answer) => `${answer.statusCode} ${answer.body}`));
    expect([...distinct]).toHaveLength(1);
    expect(answers[0]?.statusCode).toBe(201);
    const { orderNumber, workflowId } = answers[0]!.json<{ orderNumber: string; workflowId: string }>();
    expect(await countRows(t.orm, 'select count(*) as n from sales_order')).toBe(ordersBefore + 1);
    expect(
      await countRows(t.orm, `select count(*) as n from audit_log where action = 'order.created' and entity_id = ?`, [
        orderNumber,
      ]),
    ).toBe(1);
    expect(
      await countRows(t.orm, 'select count(*) as n from process_start_outbox where workflow_id = ?', [workflowId]),
    ).toBe(1);
    const described = await t.temporal.workflow.getHandle(workflowId).describe();
    expect(described.status.name).toBe('RUNNING');
    expect(described.type).toBe('orderFulfillment');
    // Temporal keeps one run per id: there is no second execution of this workflow.
    const runs: string[] = [];
    for await (const run of t.temporal.workflow.list({ query: `WorkflowId = '${workflowId}'` })) runs.push(run.runId);
    expect(runs).toHaveLength(1);
    expect(await processOf(workflowId)).toEqual({
      instance: 'running',
      outbox: { status: 'started', attempts: 0, last_error: null },
    });
  });

  test('the same key with a different order: 409 naming Idempotency-Key, nothing written', async () => {
    const sku = await stockedItem(t.orm, 2);
    const key = randomUUID();
    const first = await post('/api/orders', { customerCode: 'C-BOLT', lines: [{ itemSku: sku, quantity: 1 }] }, key);
    expect(first.statusCode).toBe(201);
    const orders = await countRows(t.orm, 'select count(*) as n from sales_order');
    const audits = await countRows(t.orm, 'select count(*) as n from audit_log');
    const outbox = await countRows(t.orm, 'select count(*) as n from process_start_outbox');

    const other = await post('/api/orders', { customerCode: 'C-BOLT', lines: [{ itemSku: sku, quantity: 2 }] }, key);

    expect(other.statusCode).toBe(409);
    expect(other.json().error).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED', field: 'Idempotency-Key' });
    expect(await countRows(t.orm, 'select count(*) as n from sales_order')).toBe(orders);
    expect(await countRows(t.orm, 'select count(*) as n from audit_log')).toBe(audits);
    expect(await countRows(t.orm, 'select count(*) as n from process_start_outbox')).toBe(outbox);
    // The same key on another route is another request too.
    const elsewhere = await post(
      '/api/purchase-orders',
      { supplierCode: 'S-STEEL', warehouseCode: 'EAST', lines: [{ itemSku: 'HW-002', quantity: 1, unitCost: 0.05 }] },
      key,
    );
    expect([elsewhere.statusCode, elsewhere.json().error?.code]).toEqual([409, 'IDEMPOTENCY_KEY_REUSED']);
  });

  test('purchase orders: a retry answers the same order; a different one with the key is refused', async () => {
    const key = randomUUID();
    const body = {
      supplierCode: 'S-STEEL',
      warehouseCode: 'EAST',
      lines: [{ itemSku: 'HW-002', quantity: 5, unitCost: 0.05 }],
    };
    const before = await countRows(t.orm, 'select count(*) as n from purchase_order');
    const first = await post('/api/purchase-orders', body, key);
    const again = await post('/api/purchase-orders', { ...body, lines: [...body.lines] }, key);
    expect(first.statusCode).toBe(201);
    expect([again.statusCode, again.body]).toEqual([201, first.body]);
    expect(await countRows(t.orm, 'select count(*) as n from purchase_order')).toBe(before + 1);
    const changed = await post('/api/purchase-orders', { ...body, warehouseCode: 'WEST' }, key);
    expect(changed.statusCode).toBe(409);
    expect(changed.json().error).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED', field: 'Idempotency-Key' });
    expect(await countRows(t.orm, 'select count(*) as n from purchase_order')).toBe(before + 1);
    const { workflowId } = first.json<{ workflowId: string }>();
    expect((await t.temporal.workflow.getHandle(workflowId).describe()).status.name).toBe('RUNNING');
  });

  test('stock moves: header and body key are one mechanism; a repeat answers the first move, a different one 409', async () => {
    const [stocked] = await query<{ sku: string; code: string }>(
      t.orm.em.fork(),
      `select i.sku, l.code from stock_balance b join item i on i.id = b.item_id join location l on l.id = b.location_id
        where not i.lot_tracked and b.status = 'available' and b.quantity - b.reserved_quantity > 5
        order by i.sku, l.code limit 1`,
    );
    const key = `move-${randomUUID()}`;
    const move = {
      moveType: 'issue',
      itemSku: stocked!.sku,
      fromLocation: stocked!.code,
      quantity: 1,
      reason: 'sample',
    };
    const moves = () => countRows(t.orm, 'select count(*) as n from stock_move');
    const before = await moves();

    const first = await post('/api/stock/moves', { ...move, idempotencyKey: key });
    expect(first.statusCode).toBe(201);
    const byHeader = await post('/api/stock/moves', move, key);
    expect(byHeader.statusCode).toBe(200);
    expect(byHeader.json()).toEqual({ ...first.json(), duplicate: true });
    const both = await post('/api/stock/moves', { ...move, idempotencyKey: key }, key);
    expect([both.statusCode, both.json().moveId]).toEqual([200, first.json().moveId]);
    expect(await moves()).toBe(before + 1);

    const different = await post('/api/stock/moves', { ...move, quantity: 2 }, key);
    expect(different.statusCode).toBe(409);
    expect(different.json().error).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED', field: 'Idempotency-Key' });
    const disagree = await post('/api/stock/moves', { ...move, idempotencyKey: `${key}-other` }, key);
    expect(disagree.statusCode).toBe(400);
    expect(disagree.json().error.field).toBe('idempotencyKey');
    expect(await moves()).toBe(before + 1);
  });

  test('a malformed key is refused naming the header', async () => {
    const answer = await post(
      '/api/orders',
      { customerCode: 'C-BOLT', lines: [{ itemSku: 'HW-002', quantity: 1 }] },
      'x'.repeat(201),
    );
    expect(answer.statusCode).toBe(400);
    expect(answer.json().error.field).toContain('idempotency-key');
  });
});

describe('the outbox relay', () => {
  const orderDeps = () => ({ taskQueue: process.env.MW_TEST_TASK_QUEUE!, pickSlaMinutes: 60 }) as OrderServiceDeps;

  test('starts an order whose start never happened; the process turns running', async () => {
    const sku = await stockedItem(t.orm, 2);
    // Committed with its outbox row, but nobody calls startNow: as if the API died right after the commit.
    const workflowId = await t.orm.em.fork().transactional(async (em) => {
      const placed = await placeOrder(
        em,
        orderDeps(),
        { customerCode: 'C-BOLT', lines: [{ itemSku: sku, quantity: 1 }] },
        'clerk',
      );
      for (const start of placed.starts ?? []) await enqueueProcessStart(em, start);
      return placed.body.workflowId;
    });
    expect((await processOf(workflowId)).instance).toBe('pending');

    await eventually(
      async () => ((await processOf(workflowId)).instance === 'running' ? true : undefined),
      30_000,
      'relay start',
    );
    expect((await processOf(workflowId)).outbox).toEqual({ status: 'started', attempts: 0, last_error: null });
    expect((await t.temporal.workflow.getHandle(workflowId).describe()).status.name).toBe('RUNNING');
  });

  test('a start Temporal reports as already started counts as done', async () => {
    const sku = await stockedItem(t.orm, 2);
    let firstRun = '';
    const workflowId = await t.orm.em.fork().transactional(async (em) => {
      const placed = await placeOrder(
        em,
        orderDeps(),
        { customerCode: 'C-BOLT', lines: [{ itemSku: sku, quantity: 1 }] },
        'clerk',
      );
      const [start] = placed.starts ?? [];
      // Temporal accepted this start already (say, the API's own start timed out after the server took it).
      const handle = await t.temporal.workflow.start(start!.workflowType, {
        workflowId: start!.workflowId,
        taskQueue: start!.taskQueue,
        args: start!.args,
      });
      firstRun = handle.firstExecutionRunId;
      await enqueueProcessStart(em, start!);
      return start!.workflowId;
    });

    await eventually(
      async () => ((await processOf(workflowId)).instance === 'running' ? true : undefined),
      30_000,
      'relay start',
    );
    expect((await processOf(workflowId)).outbox).toEqual({ status: 'started', attempts: 0, last_error: null });
    const described = await t.temporal.workflow.getHandle(workflowId).describe();
    expect([described.status.name, described.runId]).toEqual(['RUNNING', firstRun]);
  });
});

describe('Temporal unreachable', () => {
  test('a create request answers 503 PROCESS_UNAVAILABLE with Retry-After, and nothing is written', async () => {
    const connection = lazyTemporalConnection({ address: '127.0.0.1:1', connectTimeout: 1000 });
    const down = await createTestApp({ temporal: new Client({ connection, namespace: 'millwright-none' }) });
    try {
      const headers = await login(down.app, 'clerk');
      const orders = await countRows(down.orm, 'select count(*) as n from sales_order');
      const answer = await down.app.inject({
        method: 'POST',
        url: '/api/orders',
        headers: { ...headers, 'idempotency-key': randomUUID() },
        payload: { customerCode: 'C-BOLT', lines: [{ itemSku: 'HW-002', quantity: 1 }] },
      });
      expect([answer.statusCode, answer.json().error.code]).toEqual([503, 'PROCESS_UNAVAILABLE']);
      expect(Number(answer.headers['retry-after'])).toBeGreaterThan(0);
      expect(await countRows(down.orm, 'select count(*) as n from sales_order')).toBe(orders);
    } finally {
      await down.close();
    }
  });
});
