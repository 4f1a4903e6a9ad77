import { num, query } from '../../db/sql';
import { countRows, useTestApp } from '../../test/support/int-env';

jest.setTimeout(120_000);

/** No worker: these tests are about the API (what is stored, queued and refused), not the workflow's behaviour. */
const t = useTestApp({ worker: false });
const admin = t.headers('admin');
const planner = t.headers('planner');
const clerk = t.headers('clerk');
const run = Date.now().toString(36).toUpperCase().slice(-6);
const sku = (name: string) => `PO-${run}-${name}`;
const s = { LAMP: sku('LAMP'), SCREW: sku('SCREW'), NOROUTE: sku('NOROUTE'), LATER: sku('LATER') };
const centre = `PWC-${run}`;
const isoDay = (offsetDays: number) => new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);

const send = (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object, headers: object = planner) =>
  t.app.inject({ method, url, headers: headers as Record<string, string>, ...(payload ? { payload } : {}) });
const create = (payload: object, key?: string) =>
  send('POST', '/api/production-orders', payload, key ? { ...planner, 'idempotency-key': key } : planner);
const orders = () => countRows(t.orm, 'select count(*) as n from production_order');
const started: string[] = [];

async function makeItem(itemSku: string, supplyType: 'make' | 'buy') {
  const item = {
    sku: itemSku,
    name: `Item ${itemSku}`,
    uom: 'PCS',
    category: 'assembly',
    lotTracked: false,
    supplyType,
  };
  expect((await send('POST', '/api/items', item, admin)).statusCode).toBe(201);
}
async function bom(parent: string, effectiveFrom: string) {
  const payload = { effectiveFrom, lines: [{ componentSku: s.SCREW, quantityPer: 4, scrapPercent: 25 }] };
  expect((await send('POST', `/api/items/${parent}/boms`, payload, admin)).statusCode).toBe(201);
}
async function routing(item: string, effectiveFrom: string) {
  const operations = [10, 20].map((seq) => ({
    seq,
    workCentreCode: centre,
    description: `Step ${seq}`,
    setupHours: 0.5,
    runHoursPerUnit: 0.25,
  }));
  expect((await send('POST', `/api/items/${item}/routings`, { effectiveFrom, operations }, admin)).statusCode).toBe(
    201,
  );
}

async function orderRow(number: string) {
  const [row] = await query<Record<string, unknown>>(
    t.orm.em.fork(),
    'select id, status, note, priority, due_date::text as due_date from production_order where number = ?',
    [number],
  );
  return row;
}

beforeAll(async () => {
  await makeItem(s.LAMP, 'make');
  await makeItem(s.SCREW, 'buy');
  await makeItem(s.NOROUTE, 'make');
  await makeItem(s.LATER, 'make');
  expect((await send('POST', '/api/work-centres', { code: centre, name: 'Assembly' }, admin)).statusCode).toBe(201);
  await bom(s.LAMP, '2020-01-01');
  await routing(s.LAMP, '2020-01-01');
  await bom(s.NOROUTE, '2020-01-01');
  await bom(s.LATER, '2030-01-01');
  await routing(s.LATER, '2020-01-01');
});

describe('production orders API', () => {
  afterAll(async () => {
    // Nothing runs them here; leave no process behind for a later file's worker.
    for (const id of started)
      await t.temporal.workflow
        .getHandle(id)
        .terminate('test cleanup')
        .catch(() => undefined);
  });

  test('create queues the production-order process; a retry with the key answers the same order', async () => {
    const key = `prd-${run}-1`;
    const body = { itemSku: s.LAMP, quantity: 10, dueDate: isoDay(14), priority: 20, note: 'first batch' };
    const first = await create(body, key);
    expect(first.statusCode).toBe(201);
    const created = first.json<{ number: string; workflowId: string }>();
    started.push(created.workflowId);
    expect(created).toMatchObject({
      itemSku: s.LAMP,
      quantity: 10,
      dueDate: isoDay(14),
      startDate: isoDay(0),
      priority: 20,
      status: 'created',
    });
    expect(created.number).toMatch(/^PRD-\d{6}$/);
    expect(created.workflowId).toBe(`production-order:${created.number}`);

    const again = await create(body, key);
    expect(again.statusCode).toBe(201);
    expect(again.json()).toEqual(created);
    expect(
      await countRows(
        t.orm,
        'select count(*) as n from production_order where item_id = (select id from item where sku = ?)',
        [s.LAMP],
      ),
    ).toBe(1);

    const other = await create({ ...body, quantity: 11 }, key);
    expect(other.statusCode).toBe(409);
    expect(other.json().error).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED' });

    // Queued with the order and started: the outbox row and the running workflow of the right type.
    expect(
      await countRows(
        t.orm,
        `select count(*) as n from process_start_outbox where workflow_id = ? and workflow_type = 'productionOrder'`,
        [created.workflowId],
      ),
    ).toBe(1);
    const description = await t.temporal.workflow.getHandle(created.workflowId).describe();
    expect(description.type).toBe('productionOrder');

    const second = await create({ itemSku: s.LAMP, quantity: 2.5, dueDate: isoDay(7), warehouseCode: 'MAIN' });
    expect(second.statusCode).toBe(201);
    started.push(second.json().workflowId);
    const numbers = [created.number, second.json().number].map((n: string) => Number(n.slice(4)));
    expect(numbers[1]).toBeGreaterThan(numbers[0] ?? 0);
  });

  test('every refusal names its field and stores nothing', async () => {
    const before = await orders();
    const good = { itemSku: s.LAMP, quantity: 1, dueDate: isoDay(5) };
    const cases: Array<[object, number, string, string]> = [
      [{ ...good, itemSku: sku('NOPE') }, 400, 'UNKNOWN_ITEM', 'itemSku'],
      [{ ...good, itemSku: s.SCREW }, 400, 'ITEM_NOT_MADE', 'itemSku'],
      [{ ...good, itemSku: s.NOROUTE }, 400, 'VALIDATION_FAILED', 'startDate'],
      [{ ...good, itemSku: s.LATER }, 400, 'VALIDATION_FAILED', 'startDate'],
      [{ ...good, quantity: 0 }, 400, 'VALIDATION_FAILED', 'quantity'],
      [{ ...good, quantity: -3 }, 400, 'VALIDATION_FAILED', 'quantity'],
      [{ ...good, startDate: isoDay(5), dueDate: isoDay(4) }, 400, 'VALIDATION_FAILED', 'dueDate'],
      [{ ...good, warehouseCode: 'NOWHERE' }, 400, 'UNKNOWN_WAREHOUSE', 'warehouseCode'],
      [{ ...good, warehouseCode: 'CONSIGN' }, 400, 'UNKNOWN_WAREHOUSE', 'warehouseCode'],
      [{ ...good, dueDate: '2026-02-30' }, 400, 'VALIDATION_FAILED', 'dueDate'],
    ];
    for (const [payload, status, code, field] of cases) {
      const response = await create(payload);
      expect({ payload, status: response.statusCode, ...response.json().error }).toMatchObject({
        payload,
        status,
        code,
        field,
      });
    }
    const noRouting = await create({ ...good, itemSku: s.NOROUTE });
    expect(noRouting.json().error.message).toContain('no routing');
    expect((await send('POST', '/api/production-orders', good, clerk)).statusCode).toBe(403);
    expect(await orders()).toBe(before);
  });

  test('list and detail: pinned versions, components, operations, cost so far and the timeline', async () => {
    const response = await create({ itemSku: s.LAMP, quantity: 4, dueDate: isoDay(3), priority: 5 });
    const { number, workflowId } = response.json<{ number: string; workflowId: string }>();
    started.push(workflowId);

    const list = await send('GET', `/api/production-orders?item=${s.LAMP}&sort=priority`, undefined, clerk);
    expect(list.statusCode).toBe(200);
    const page = list.json<{ items: Array<{ number: string; priority: number }>; total: number }>();
    expect(page.total).toBe(3);
    expect(page.items.map((o) => o.priority)).toEqual([5, 20, 100]);
    expect(page.items[0]).toMatchObject({ number, status: 'created', bomVersion: null, warehouseCode: 'MAIN' });
    const filtered = await send('GET', `/api/production-orders?item=${s.LAMP}&dueTo=${isoDay(3)}`, undefined, clerk);
    expect(filtered.json().items.map((o: { number: string }) => o.number)).toEqual([number]);
    const none = await send('GET', `/api/production-orders?item=${s.LAMP}&status=closed`, undefined, clerk);
    expect(none.json().total).toBe(0);
    const csv = await send('GET', `/api/production-orders/export.csv?item=${s.LAMP}`, undefined, clerk);
    expect(csv.body.split('\r\n')[0]).toContain('number,itemSku,quantity');
    expect(csv.body).toContain(number);

    const fresh = await send('GET', `/api/production-orders/${number}`, undefined, clerk);
    expect(fresh.statusCode).toBe(200);
    expect(fresh.json()).toMatchObject({
      number,
      status: 'created',
      components: [],
      operations: [],
      reports: [],
      cost: { material: 0, labour: 0, overhead: 0, completed: 0, variance: 0, wip: 0 },
    });

    // What release and the first report write (P2's activities), written here directly to read it back.
    const row = await orderRow(number);
    const em = t.orm.em.fork();
    await query(
      em,
      `update production_order set status = 'in-progress', released_at = now(),
              bom_id = (select id from bom where item_id = (select id from item where sku = ?)),
              routing_id = (select id from routing where item_id = (select id from item where sku = ?))
        where id = ?`,
      [s.LAMP, s.LAMP, row?.id],
    );
    await query(
      em,
      `insert into production_order_component (production_order_id, line_no, item_id, quantity_per, scrap_percent,
              required_quantity, operation_seq, issue_mode, when_short, issued_quantity, issued_value)
       select ?, 1, id, 4, 25, 20, 10, 'backflush', 'wait', 8, 3.2 from item where sku = ?`,
      [row?.id, s.SCREW],
    );
    await query(
      em,
      `insert into production_order_operation (production_order_id, seq, work_centre_id, description, setup_hours,
              run_hours_per_unit, good_quantity, scrap_quantity, labour_hours, status)
       select ?, seq, (select id from work_centre where code = ?), 'Step', 0.5, 0.25, g, 0, h, 'open'
         from (values (10, 2, 1.5), (20, 0, 0)) v(seq, g, h)`,
      [row?.id, centre],
    );
    await query(
      em,
      `insert into production_report (production_order_id, kind, operation_seq, good_quantity, scrap_quantity,
              labour_hours, reported_by, reported_at, task_id)
       values (?, 'operation', 10, 2, 0, 1.5, 'clerk', now() - interval '1 minute', ?)`,
      [row?.id, `task-${number}`],
    );
    const costRows: Array<[string, number, number | null]> = [
      ['backflush', 3.2, 8],
      ['labour', 30, null],
      ['overhead', 7.5, null],
    ];
    for (const [kind, amount, qty] of costRows) {
      await query(
        em,
        `insert into production_cost (production_order_id, kind, component_line_no, operation_seq, quantity, amount,
                reported_by, effective_at, idempotency_key, created_at)
         values (?, ?, ?, 10, ?, ?, 'clerk', now(), ?, now())`,
        [row?.id, kind, kind === 'backflush' ? 1 : null, qty, amount, `${number}:${kind}`],
      );
    }

    const detail = (await send('GET', `/api/production-orders/${number}`, undefined, clerk)).json();
    expect(detail).toMatchObject({ status: 'in-progress', bomVersion: 1, routingVersion: 1 });
    expect(detail.releasedAt).toEqual(expect.any(String));
    expect(detail.components).toEqual([
      expect.objectContaining({
        lineNo: 1,
        sku: s.SCREW,
        required: 20,
        issued: 8,
        backflushed: 8,
        returned: 0,
        mode: 'backflush',
        operationSeq: 10,
        decision: null,
      }),
    ]);
    expect(detail.operations).toMatchObject([
      { seq: 10, workCentreCode: centre, good: 2, labourHours: 1.5, progress: 0.5 },
      { seq: 20, good: 0, progress: 0 },
    ]);
    expect(detail.cost).toEqual({ material: 3.2, labour: 30, overhead: 7.5, completed: 0, variance: 0, wip: 40.7 });
    expect(detail.reports.map((r: { kind: string }) => r.kind)).toEqual([
      'operation',
      'backflush',
      'labour',
      'overhead',
    ]);
    expect(detail.reports[0]).toMatchObject({ good: 2, labourHours: 1.5, amount: null, by: 'clerk' });

    expect((await send('GET', `/api/production-orders/PRD-${run}`, undefined, clerk)).statusCode).toBe(404);

    // These costs have no journal entries behind them: leave nothing a ledger check across all orders could trip on.
    for (const table of [
      'production_cost',
      'production_report',
      'production_order_component',
      'production_order_operation',
    ]) {
      await query(t.orm.em.fork(), `delete from ${table} where production_order_id = ?`, [row?.id]);
    }
    await query(t.orm.em.fork(), `update production_order set status = 'cancelled' where id = ?`, [row?.id]);
  });

  test('patch changes planning data only; a released order never changes its pinned BOM or routing', async () => {
    const response = await create({ itemSku: s.LAMP, quantity: 1, dueDate: isoDay(9) });
    const { number, workflowId } = response.json<{ number: string; workflowId: string }>();
    started.push(workflowId);
    const patch = (payload: object) => send('PATCH', `/api/production-orders/${number}`, payload);

    const changed = await patch({ note: 'rush', priority: 7, dueDate: isoDay(10) });
    expect(changed.statusCode).toBe(200);
    expect(changed.json()).toMatchObject({ note: 'rush', priority: 7, dueDate: isoDay(10) });

    const early = await patch({ dueDate: isoDay(-1), note: 'not stored' });
    expect(early.statusCode).toBe(400);
    expect(early.json().error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'dueDate' });
    const unpinned = await patch({ bomVersion: 1 });
    expect(unpinned.statusCode).toBe(400);
    expect(unpinned.json().error).toMatchObject({ field: 'bomVersion' });
    expect((await patch({ quantity: 5 })).statusCode).toBe(400);

    const row = await orderRow(number);
    await query(t.orm.em.fork(), `update production_order set status = 'released' where id = ?`, [row?.id]);
    for (const field of ['bomVersion', 'routingVersion']) {
      const refused = await patch({ note: 'not stored', [field]: 2 });
      expect(refused.statusCode).toBe(409);
      expect(refused.json().error).toMatchObject({ code: 'FIELD_FROZEN', field });
    }
    expect(await orderRow(number)).toMatchObject({ note: 'rush', priority: 7, due_date: isoDay(10) });

    await query(t.orm.em.fork(), `update production_order set status = 'closed' where id = ?`, [row?.id]);
    const closed = await patch({ note: 'too late' });
    expect(closed.statusCode).toBe(409);
    expect(closed.json().error).toMatchObject({ code: 'PRODUCTION_ORDER_CLOSED' });
    expect((await send('PATCH', '/api/production-orders/PRD-999999', { note: 'x' })).statusCode).toBe(404);
  });

  test('cancel signals the process; a completed or closed order is refused', async () => {
    const response = await create({ itemSku: s.LAMP, quantity: 3, dueDate: isoDay(9) });
    const { number, workflowId } = response.json<{ number: string; workflowId: string }>();
    started.push(workflowId);
    const cancel = (payload: object, on = number) => send('POST', `/api/production-orders/${on}/cancel`, payload);

    const empty = await cancel({ reason: '  ' });
    expect(empty.json().error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'reason' });
    const accepted = await cancel({ reason: 'customer withdrew' });
    expect(accepted.statusCode).toBe(202);
    expect(accepted.json()).toEqual({ number, workflowId, accepted: true });
    const history = await t.temporal.workflow.getHandle(workflowId).fetchHistory();
    const signals = (history.events ?? []).filter((e) => e.workflowExecutionSignaledEventAttributes);
    expect(signals.map((e) => e.workflowExecutionSignaledEventAttributes?.signalName)).toEqual(['cancel']);

    for (const status of ['completed', 'closed', 'cancelled']) {
      await query(t.orm.em.fork(), 'update production_order set status = ? where number = ?', [status, number]);
      const refused = await cancel({ reason: 'again' });
      expect(refused.statusCode).toBe(409);
      expect(refused.json().error).toMatchObject({ code: 'PRODUCTION_ORDER_CLOSED' });
      expect(refused.json().error.message).toContain(status);
    }
    expect((await cancel({ reason: 'x' }, 'PRD-999999')).statusCode).toBe(404);
    expect(num((await orderRow(number))?.priority)).toBe(100);
  });
});
