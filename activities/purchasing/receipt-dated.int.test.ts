import { postMove } from '../../db/inventory/post-move';
import { num, query } from '../../db/sql';
import { eventually, useTestApp } from '../../test/support/int-env';
import { instanceCompleted, openFormTask } from '../../test/support/order-driver';
import { plainItem } from '../../test/support/stock';
import { revaluationWorkflowId } from '../../workflows/revaluation/revaluation.contract';

jest.setTimeout(180_000);

/** Finished runs are kept as replay fixtures (MW_RECORD_HISTORIES=1 writes them to test/replay/histories). */
const t = useTestApp({ histories: 'purchase-receipt' });
const clerk = t.headers('clerk');

interface OpenTask {
  id: string;
  payload: Record<string, unknown> & { lines: Array<Record<string, unknown> & { lineNo: number }> };
}

const DAY = 86_400_000;
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const openTask = (workflowId: string, formKind: string) => openFormTask<OpenTask>(t.app, clerk, workflowId, formKind);

const complete = (taskId: string, payload: unknown) =>
  t.app.inject({ method: 'POST', url: `/api/tasks/${taskId}/complete`, headers: clerk, payload: { payload } });

async function rows<T>(sql: string, params: unknown[]): Promise<T[]> {
  return query<T>(t.orm.em.fork(), sql, params);
}

async function placeOrder(lines: Array<{ itemSku: string; quantity: number; unitCost: number }>) {
  const created = await t.app.inject({
    method: 'POST',
    url: '/api/purchase-orders',
    headers: clerk,
    payload: { supplierCode: 'S-NORD', warehouseCode: 'MAIN', lines },
  });
  expect(created.statusCode).toBe(201);
  return created.json<{ orderNumber: string; workflowId: string }>();
}

describe('a receipt dated when the goods arrived, with expired and near-expiry lots', () => {
  test('dated yesterday: posts then (Inventory / GRNI), an expired lot lands blocked, a near-expiry one is flagged', async () => {
    // A closed period far back: receipts dated in it are refused, whatever else the suite closed.
    await t.orm.em.fork().execute(
      `insert into accounting_period (code, starts_on, ends_on, status, closed_at, closed_by)
       values ('2022-06', '2022-06-01', '2022-06-30', 'closed', now(), 'test')
       on conflict (code) do update set status = 'closed'`,
    );
    const { orderNumber, workflowId } = await placeOrder([
      { itemSku: 'FOOD-001', quantity: 10, unitCost: 4 },
      { itemSku: 'FOOD-002', quantity: 5, unitCost: 3 },
      { itemSku: 'HW-001', quantity: 20, unitCost: 0.5 },
    ]);
    const task = await openTask(workflowId, 'goods-receipt');
    expect(task.payload.receiptOpenFrom).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(task.payload.expiryRules).toMatchObject({ ruleSetCode: 'expiry' });

    const receivedAt = new Date(Date.now() - DAY);
    receivedAt.setUTCHours(9, 30, 0, 0);
    const receiptDay = isoDay(receivedAt.getTime());
    const stamp = Date.now();
    const lines = [
      // Expired the day before it arrived: blocked, never available.
      {
        lineNo: 1,
        quantity: 10,
        lotCode: `OLD-${stamp}`,
        manufacturedOn: '2026-01-05',
        expiresOn: isoDay(receivedAt.getTime() - DAY),
      },
      // Its last usable day is the receipt day: not expired on arrival (it is by today), inside the discount window.
      { lineNo: 2, quantity: 5, lotCode: `NEAR-${stamp}`, manufacturedOn: '2026-06-01', expiresOn: receiptDay },
      { lineNo: 3, quantity: 20 },
    ];

    for (const [at, status] of [
      [new Date(Date.now() + DAY).toISOString(), 400],
      ['2022-06-15T10:00:00Z', 409], // PERIOD_CLOSED (PERIOD_BEFORE_CLOSED if never opened), as for any document
      ['yesterday', 400],
    ] as const) {
      const refused = await complete(task.id, { receivedAt: at, lines });
      expect([at, refused.statusCode, refused.json().error?.field]).toEqual([at, status, 'payload.receivedAt']);
    }
    const done = await complete(task.id, { receivedAt: receivedAt.toISOString(), lines });
    expect(done.statusCode).toBe(200);
    const putaway = await openTask(workflowId, 'putaway');

    // Posted at the receipt date, through GRNI like any receipt (not as an inventory adjustment).
    const moves = await rows<{ line_no: number; effective_at: string; to_status: string; offset_account: string }>(
      `select line_no, effective_at, to_status, offset_account from stock_move
        where document_ref = ? and move_type = 'receipt' order by line_no`,
      [orderNumber],
    );
    expect(moves.map((m) => [m.line_no, new Date(m.effective_at).getTime(), m.to_status, m.offset_account])).toEqual([
      [1, receivedAt.getTime(), 'blocked', '2100'],
      [2, receivedAt.getTime(), 'available', '2100'],
      [3, receivedAt.getTime(), 'available', '2100'],
    ]);
    const journal = await rows<{ entry_date: string; account_code: string; debit: string; credit: string }>(
      `select je.entry_date, jl.account_code, jl.debit, jl.credit from journal_entry je
         join journal_line jl on jl.entry_id = je.id where je.source_ref = ? order by jl.account_code`,
      [`${orderNumber}/1`],
    );
    expect(journal.map((l) => [new Date(l.entry_date).getTime(), l.account_code, num(l.debit), num(l.credit)])).toEqual(
      [
        [receivedAt.getTime(), '1300', 40, 0],
        [receivedAt.getTime(), '2100', 0, 40],
      ],
    );

    // The flags reach the putaway task, and each lot's decision is stored with the pinned version.
    const flags = putaway.payload.lines.map((line) => [line.lineNo, line.expiryFlag, line.stockStatus]);
    expect(flags).toEqual([
      [1, 'expired', 'blocked'],
      [2, 'near-expiry', 'available'],
      [3, null, 'available'],
    ]);
    expect(putaway.payload.lines[1]?.expiryAction).toEqual({ withinDays: 10, action: 'discount', discountPercent: 25 });
    const decisions = await rows<{
      version: number;
      content_hash: string;
      facts: Record<string, unknown>;
      result: Record<string, unknown>;
    }>(
      `select version, content_hash, facts, result from rule_decision
        where workflow_id = ? and rule_set_type = 'expiry' order by (result->>'lineNo')::int`,
      [workflowId],
    );
    expect(decisions.map((d) => [d.result.lineNo, d.result.flag, d.result.stockStatus, d.result.receivedOn])).toEqual([
      [1, 'expired', 'blocked', receiptDay],
      [2, 'near-expiry', 'available', receiptDay],
    ]);
    expect(decisions[0]?.facts).toMatchObject({ 'item.sku': 'FOOD-001', 'lot.origin': 'purchase' });
    expect(decisions[0]).toMatchObject({
      version: (task.payload.expiryRules as { version: number }).version,
      content_hash: (task.payload.expiryRules as { contentHash: string }).contentHash,
    });

    // Put away: the expired lot stays blocked in its bin; the stock report shows it expired and blocked, apart.
    const stored = await complete(putaway.id, {
      lines: [1, 2, 3].map((lineNo) => ({ lineNo, toLocation: 'MAIN-B03' })),
    });
    expect(stored.statusCode).toBe(200);
    await instanceCompleted(t.orm, workflowId);
    const balances = await rows<{ status: string; code: string; quantity: string }>(
      `select b.status, l.code, b.quantity from stock_balance b join lot on lot.id = b.lot_id
         join location l on l.id = b.location_id where lot.code = ? and b.quantity <> 0`,
      [`OLD-${stamp}`],
    );
    expect(balances.map((b) => [b.status, b.code, num(b.quantity)])).toEqual([['blocked', 'MAIN-B03', 10]]);
    const report = await t.app.inject({
      method: 'GET',
      url: '/api/reports/stock-on-hand?itemSku=FOOD-001&warehouseCode=MAIN&pageSize=100',
      headers: clerk,
    });
    const body = report.json<{
      items: Array<{ lotCode: string | null; status: string; expired: boolean }>;
      totals: { expired: { quantity: number }; blocked: { quantity: number } };
    }>();
    expect(body.items.find((row) => row.lotCode === `OLD-${stamp}`)).toMatchObject({
      status: 'blocked',
      expired: true,
    });
    expect(body.totals.expired.quantity).toBeGreaterThanOrEqual(10);
    expect(body.totals.blocked.quantity).toBeGreaterThanOrEqual(10);
    t.record('dated-yesterday-expired-lot', workflowId);
  });

  test('a near-expiry pharma lot gets the scrap task its rule names; confirming it scraps the lot from its bin', async () => {
    const { orderNumber, workflowId } = await placeOrder([{ itemSku: 'PHAR-001', quantity: 6, unitCost: 2 }]);
    const task = await openTask(workflowId, 'goods-receipt');
    expect((task.payload.lines[0]?.expiry as { rule: string }).rule).toBe('pharma-scrap-early');
    const lotCode = `PH-${Date.now()}`;
    const expiresOn = isoDay(Date.now() + 5 * DAY); // inside the pharma rule's 14-day scrap window
    const received = await complete(task.id, { lines: [{ lineNo: 1, quantity: 6, lotCode, expiresOn }] });
    expect(received.statusCode).toBe(200);
    const putaway = await openTask(workflowId, 'putaway');
    expect(putaway.payload.lines[0]).toMatchObject({
      expiryFlag: 'near-expiry',
      expiryAction: { withinDays: 14, action: 'scrap-task' },
      stockStatus: 'available',
    });
    expect((await complete(putaway.id, { lines: [{ lineNo: 1, toLocation: 'MAIN-B04' }] })).statusCode).toBe(200);

    const scrap = await openTask(workflowId, 'expiry-scrap');
    expect(scrap.payload).toMatchObject({ lotCode, location: 'MAIN-B04', quantity: 6 });
    const refused = await complete(scrap.id, { scrap: 'yes' });
    expect([refused.statusCode, refused.json().error?.field]).toEqual([400, 'payload.scrap']);
    expect((await complete(scrap.id, { scrap: true })).statusCode).toBe(200);
    await instanceCompleted(t.orm, workflowId);
    const scrapped = await rows<{ quantity: string; offset_account: string }>(
      `select quantity, offset_account from stock_move where document_ref = ? and move_type = 'scrap'`,
      [orderNumber],
    );
    expect(scrapped.map((m) => [num(m.quantity), m.offset_account])).toEqual([[6, '5200']]);
    t.record('near-expiry-scrap-task', workflowId);
  });

  test('dated before more than 500 later postings: the workflow starts the chunked re-valuation, booked at the issues', async () => {
    const sku = `RCV-LATE-${Date.now() % 1_000_000}`;
    await plainItem(t.orm, sku, { name: 'Late receipt test item' });
    const base = Date.now() - 3 * DAY;
    const move = (n: number) => ({
      itemSku: sku,
      documentType: 'test',
      documentRef: sku,
      userName: 'tester',
      idempotencyKey: `${sku}:${n}`,
    });
    // 501 issues after a receipt: 502 later postings, above the inline limit of 500.
    await t.orm.em.fork().transactional(async (em) => {
      await postMove(em, {
        ...move(0),
        moveType: 'receipt',
        toLocation: 'MAIN-B04',
        quantity: 600,
        unitCost: 1,
        effectiveAt: new Date(base),
      });
      for (let i = 1; i <= 501; i += 1) {
        const effectiveAt = new Date(base + DAY + i * 1000);
        await postMove(em, { ...move(i), moveType: 'shipment', fromLocation: 'MAIN-B04', quantity: 1, effectiveAt });
      }
    });
    const { orderNumber, workflowId } = await placeOrder([{ itemSku: sku, quantity: 100, unitCost: 0.5 }]);
    const task = await openTask(workflowId, 'goods-receipt');
    const receivedAt = new Date(base - DAY).toISOString();
    const done = await complete(task.id, { receivedAt, lines: [{ lineNo: 1, quantity: 100 }] });
    expect(done.statusCode).toBe(200);

    const job = await eventually(
      async () => {
        const [row] = await rows<{ id: number; status: string; revalued_moves: number }>(
          `select j.id, j.status, j.revalued_moves from revaluation_job j join item i on i.id = j.item_id where i.sku = ?`,
          [sku],
        );
        return row?.status === 'done' ? row : undefined;
      },
      90_000,
      'the queued re-valuation to finish',
    );
    // The first 100 shipments now take the cheaper receipt: 0.50 less each, booked back to 5000 at the shipments' date.
    expect(num(job.revalued_moves)).toBe(100);
    const entries = await rows<{ entry_date: string; account_code: string; amount: string }>(
      `select je.entry_date, jl.account_code, jl.debit - jl.credit as amount from journal_entry je
         join journal_line jl on jl.entry_id = je.id where je.source_ref = ? order by jl.account_code`,
      [`revaluation job ${job.id}`],
    );
    const lastRevalued = base + DAY + 100 * 1000;
    expect(entries.map((e) => [new Date(e.entry_date).getTime(), e.account_code, num(e.amount)])).toEqual([
      [lastRevalued, '1300', 50],
      [lastRevalued, '5000', -50],
    ]);
    const receipt = await rows<{ effective_at: string }>(
      `select effective_at from stock_move where document_ref = ? and move_type = 'receipt'`,
      [orderNumber],
    );
    expect(receipt.map((m) => new Date(m.effective_at).toISOString())).toEqual([receivedAt]);
    t.record('backdated-receipt-starts-revaluation', workflowId);
    // The chunked job the receipt started, finished, is the re-valuation workflow's own replay fixture.
    const jobWorkflowId = revaluationWorkflowId(job.id);
    await t.temporal.workflow.getHandle(jobWorkflowId).result();
    t.record('chunked-job-after-backdated-receipt', jobWorkflowId, 'revaluation');
  });
});
