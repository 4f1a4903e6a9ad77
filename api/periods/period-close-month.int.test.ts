import { num, query } from '../../db/sql';
import { eventually, login } from '../../test/support/int-env';
import {
  approveClose,
  closeUntilApproval as closeUntilApprovalOf,
  completeCloseTask,
  useCloseBooks,
} from '../../test/support/close-books';
import {
  instanceCompleted,
  openFormTask,
  orderDriver,
  packAll,
  pickAll,
  shipAll,
} from '../../test/support/order-driver';
import { BIN_A, BIN_B, productionWorld, receiveLots } from '../../test/support/production-world';
import { itemWithStock } from '../../test/support/stock';
import {
  publishSupplierRules,
  receiveLots as receiveAtWarehouse,
  subcontractWorld,
} from '../subcontracting/subcontract-world';
import type { KitPick } from '../../workflows/production-order/production-order.contract';
import type { SendPick } from '../../workflows/subcontract-order/subcontract-order.contract';

jest.setTimeout(600_000);

/**
 * Issue 17's proof: a month of receipts, production, subcontracting and sales, each through its real process (API,
 * workflow, tasks), closes through the period-close workflow (not the one-button close): every reconciliation holds,
 * the proof step passes, and the stored closing balances are the ledger's sums account by account. On books of their
 * own (a fresh database, a worker of its own): the processes post today, so the month is the current one, and the
 * months the seed opened before it are closed first, through the same workflow.
 */
const close = useCloseBooks('period_close_month', {
  users: ['admin', 'admin2', 'controller', 'controller2', 'clerk', 'planner'],
});
const { send } = close;
const DAY_MS = 86_400_000;
const isoDay = (offsetDays: number) => new Date(Date.now() + offsetDays * DAY_MS).toISOString().slice(0, 10);

interface CloseState {
  status: string;
  steps: Array<{ step: string; status: string; problems: string[] }>;
  reconciliations: Array<{ name: string; account: string; difference: number; reconciled: boolean }>;
  proof: { holds: boolean; problems: string[]; periodDebit: number; periodCredit: number } | null;
  approvalTaskId: string | null;
}

const rows = <T>(sql: string, params: unknown[] = []) => query<T>(close.orm.em.fork(), sql, params);

const closeUntilApproval = (code: string) => closeUntilApprovalOf<CloseState>(close, code);

const complete = async (user: string, taskId: string, payload: Record<string, unknown>) => {
  const response = await completeCloseTask(close, taskId, user, payload);
  if (response.statusCode !== 200) throw new Error(`${taskId}: ${response.statusCode} ${response.body}`);
};

/** A task of the process, once open, as `user` sees it. */
async function task(user: string, workflowId: string, formKind: string, seq?: number) {
  const headers = await login(close.app, user);
  if (seq === undefined)
    return openFormTask<{ id: string; payload: Record<string, unknown> }>(close.app, headers, workflowId, formKind);
  // The next operation's task opens once the previous one's report is through.
  return eventually(
    async () => {
      const found = await openFormTask<{ id: string; payload: Record<string, unknown> }>(
        close.app,
        headers,
        workflowId,
        formKind,
      );
      return found.payload.seq === seq ? found : undefined;
    },
    60_000,
    `operation ${seq} of ${workflowId}`,
  );
}

/** A purchase order of 6 HW-001 at 2.50, received and put away. */
async function purchaseReceipt(): Promise<void> {
  const created = await send('POST', '/api/purchase-orders', 'clerk', {
    supplierCode: 'S-NORD',
    warehouseCode: 'MAIN',
    lines: [{ itemSku: 'HW-001', quantity: 6, unitCost: 2.5 }],
  });
  expect(created.statusCode).toBe(201);
  const { workflowId } = created.json<{ workflowId: string }>();
  const receipt = await task('clerk', workflowId, 'goods-receipt');
  await complete('clerk', receipt.id, { lines: [{ lineNo: 1, quantity: 6 }] });
  const putaway = await task('clerk', workflowId, 'putaway');
  await complete('clerk', putaway.id, { lines: [{ lineNo: 1, toLocation: 'MAIN-B03' }] });
  await instanceCompleted(close.orm, workflowId, 90_000, 'the purchase receipt');
}

/** A production order of 2 (kit pick, both operations, completion): labour and overhead applied at the rates. */
async function production(): Promise<void> {
  const world = await productionWorld(close.orm, 2);
  await receiveLots(close.orm, world.sku.c1, [{ lot: 'C1', location: BIN_A, quantity: 50, unitCost: 2 }]);
  await receiveLots(close.orm, world.sku.sub, [{ lot: 'SUB', location: BIN_A, quantity: 5, unitCost: 7 }]);
  await receiveLots(close.orm, world.sku.bolt, [{ lot: 'BOLT', location: BIN_B, quantity: 100, unitCost: 0.1 }]);
  const created = await send('POST', '/api/production-orders', 'planner', {
    itemSku: world.sku.fg,
    quantity: 2,
    warehouseCode: 'MAIN',
    startDate: isoDay(0),
    dueDate: isoDay(14),
  });
  expect(created.statusCode).toBe(201);
  const workflowId = `production-order:${created.json<{ number: string }>().number}`;
  const kit = await task('clerk', workflowId, 'production-kit-pick');
  const picks = (kit.payload.picks as KitPick[]).map(({ lineNo, location, lotCode, quantity }) => ({
    lineNo,
    location,
    lotCode,
    quantity,
  }));
  await complete('clerk', kit.id, { picks });
  await complete('clerk', (await task('clerk', workflowId, 'production-operation', 10)).id, {
    good: 2,
    scrap: 0,
    labourHours: 1,
  });
  await complete('clerk', (await task('clerk', workflowId, 'production-operation', 20)).id, {
    good: 2,
    scrap: 0,
    labourHours: 1,
  });
  const completion = await task('clerk', workflowId, 'production-completion');
  await complete('clerk', completion.id, { good: 2, toLocation: BIN_A });
  await instanceCompleted(close.orm, workflowId, 120_000, 'the production order');
}

/** A subcontract order of 10 at a fee of 3.00 a unit: approved, components sent, delivered in one go. */
async function subcontracting(): Promise<void> {
  const world = await subcontractWorld(close.orm);
  const admin = await login(close.app, 'admin');
  const admin2 = await login(close.app, 'admin2');
  await publishSupplierRules(close.app, { admin, admin2 }, [
    { supplierCode: world.supplierCode, method: 'bom-ratio', overDeliveryPercent: 5 },
  ]);
  await receiveAtWarehouse(close.orm, world.sku.bolt, [
    { lot: 'B', location: world.bins.a, quantity: 30, unitCost: 1 },
  ]);
  await receiveAtWarehouse(close.orm, world.sku.plate, [
    { lot: 'P', location: world.bins.a, quantity: 10, unitCost: 4 },
  ]);
  const created = await send('POST', '/api/subcontract-orders', 'planner', {
    supplierCode: world.supplierCode,
    itemSku: world.sku.fg,
    quantity: 10,
    dueDate: isoDay(14),
    feePerUnit: 3,
    warehouseCode: world.warehouseCode,
  });
  expect(created.statusCode).toBe(201);
  const { workflowId } = created.json<{ workflowId: string }>();
  await complete('planner', (await task('planner', workflowId, 'subcontract-approval')).id, { approved: true });
  const pick = await task('clerk', workflowId, 'production-kit-pick');
  const picks = (pick.payload.picks as SendPick[]).map(({ lineNo, location, lotCode, quantity }) => ({
    lineNo,
    location,
    lotCode,
    quantity,
  }));
  await complete('clerk', pick.id, { picks });
  await complete('clerk', (await task('clerk', workflowId, 'supplier-receipt')).id, { quantity: 10, lotCode: 'FG-1' });
  await instanceCompleted(close.orm, workflowId, 90_000, 'the subcontract order');
}

/** A sales order of 3 picked, packed, shipped and invoiced. */
async function sale(): Promise<void> {
  const sku = await itemWithStock(close.orm, `PCM-${process.pid}`, [{ location: 'MAIN-B01', lot: 'S-1', quantity: 5 }]);
  const driver = orderDriver(close.app, await login(close.app, 'clerk'));
  const { workflowId } = await driver.place('C-ACME', [{ itemSku: sku, quantity: 3 }]);
  const pick = await driver.task(workflowId, 'pick');
  expect((await driver.complete(pick.id, { picks: pickAll(pick) })).statusCode).toBe(200);
  const pack = await driver.task(workflowId, 'pack');
  expect((await driver.complete(pack.id, packAll(pack))).statusCode).toBe(200);
  const ship = await driver.task(workflowId, 'ship');
  await driver.packCheck(ship);
  expect((await driver.complete(ship.id, shipAll(ship))).statusCode).toBe(200);
  await instanceCompleted(close.orm, workflowId, 90_000, 'the sale');
}

/** Account -> net debit, without the zeros: the ledger through `code`, or the stored closing balances of `code`. */
async function ledgerThrough(code: string): Promise<Record<string, number>> {
  const list = await rows<{ account_code: string; net: string }>(
    `select jl.account_code, sum(jl.debit - jl.credit) as net from journal_line jl
       join journal_entry je on je.id = jl.entry_id
      where je.period_code <= ? group by jl.account_code having sum(jl.debit - jl.credit) <> 0 order by 1`,
    [code],
  );
  return Object.fromEntries(list.map((row) => [row.account_code, num(row.net)]));
}

async function closingBalances(code: string): Promise<Record<string, number>> {
  const list = await rows<{ account_code: string; net: string }>(
    `select account_code, debit - credit as net from period_closing_balance
      where period_code = ? and valid and debit - credit <> 0 order by 1`,
    [code],
  );
  return Object.fromEntries(list.map((row) => [row.account_code, num(row.net)]));
}

/** The month's net on the labour pool (6200 with applied 6210) and the overhead pool (6000-6099 with applied 6100),
 * over the entries `filter` keeps, and how many of them are the close's distribution. */
async function pools(code: string, filter: string): Promise<number[]> {
  const [row] = await rows<{ labour: string; overhead: string; absorption: string }>(
    `select coalesce(sum(jl.debit - jl.credit) filter (where jl.account_code in ('6200', '6210')), 0) as labour,
            coalesce(sum(jl.debit - jl.credit) filter (where jl.account_code between '6000' and '6100'), 0) as overhead,
            count(distinct je.id) filter (where je.idempotency_key like '%:absorption') as absorption
       from journal_line jl join journal_entry je on je.id = jl.entry_id where je.period_code = ? ${filter}`,
    [code],
  );
  return [num(row?.labour), num(row?.overhead), num(row?.absorption)];
}

test('a month of receipts, production, subcontracting and sales closes through the workflow: the proof holds and the closing balances are the ledger', async () => {
  // The month: the actual labour and energy arrive from outside (payroll, the energy bill) ...
  for (const [account, amount, reason] of [
    ['6200', 300, 'payroll'],
    ['6000', 80, 'energy'],
  ] as const) {
    const entry = await send('POST', '/api/journal-entries', 'controller', {
      entryDate: isoDay(0),
      reference: `PCM-${process.pid}-${account}`,
      reason,
      lines: [
        { account, debit: amount, memo: reason },
        { account: '2400', credit: amount, memo: 'accrued' },
      ],
    });
    expect(entry.statusCode).toBe(201);
  }
  // ... and every process posts through its own workflow, today: the month is the one the sale's invoice lands in.
  await purchaseReceipt();
  await production();
  await subcontracting();
  await sale();
  const [invoiced] = await rows<{ code: string }>(
    `select period_code as code from journal_entry where source_type = 'customer-invoice' order by id desc limit 1`,
  );
  const code = invoiced!.code;
  const sources = await rows<{ source_type: string }>(
    `select distinct source_type from journal_entry where period_code = ? order by 1`,
    [code],
  );
  expect(sources.map((row) => row.source_type)).toEqual(
    expect.arrayContaining(['customer-invoice', 'production-order', 'purchase-order', 'subcontract-order']),
  );

  // The months the seed opened before it close first (months close in order), through the same workflow.
  const earlier = await rows<{ code: string }>(
    `select code from accounting_period where code < ? and status = 'open' order by code`,
    [code],
  );
  for (const month of earlier) {
    const state = await closeUntilApproval(month.code);
    await approveClose(close, month.code, state.approvalTaskId);
  }

  const awaiting = await closeUntilApproval(code);
  expect(awaiting.steps.filter((s) => s.status !== 'done').map((s) => [s.step, s.status])).toEqual([
    ['approval', 'running'],
    ['hard-lock', 'pending'],
  ]);
  expect(awaiting.reconciliations.filter((r) => !r.reconciled)).toEqual([]);
  expect(awaiting.steps.find((s) => s.step === 'proof')).toMatchObject({ status: 'done', problems: [] });
  expect(awaiting.proof).toMatchObject({ holds: true, problems: [] });
  expect(awaiting.proof!.periodDebit).toBeGreaterThan(0);
  expect(awaiting.proof!.periodDebit).toBe(awaiting.proof!.periodCredit);
  // The close distributed the month's actual labour and overhead less what the order applied at its centres' rates
  // (labour 300 - 1 h x 40 - 1 h x 30 = 230; overhead 80 - 1 h x 25 = 55) in an entry of its own, and cleared the pools
  // against the applied accounts: without that entry (and any year-end entry), the pools hold 230 and 55; with it, 0.
  expect(await pools(code, "and je.idempotency_key not like 'period-close:%'")).toEqual([230, 55, 0]);
  expect(await pools(code, "and je.idempotency_key not like '%:year-end'")).toEqual([0, 0, 1]);
  // The stored closing balances are the ledger's sums through the month, account by account (the close's own
  // distribution and any year-end entry included: they are lines of the month too).
  const ledger = await ledgerThrough(code);
  expect(Object.keys(ledger)).toEqual(expect.arrayContaining(['1100', '1300', '2100', '2300']));
  expect(await closingBalances(code)).toEqual(ledger);

  await approveClose(close, code, awaiting.approvalTaskId);
  const [period] = await rows<{ status: string }>('select status from accounting_period where code = ?', [code]);
  expect(period?.status).toBe('closed');
  expect(await closingBalances(code)).toEqual(await ledgerThrough(code));
});
