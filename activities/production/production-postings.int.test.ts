import { num, query } from '../../db/sql';
import { explode, type BomView } from '../../rules/manufacturing';
import { useTestOrm } from '../../test/support/int-env';
import { BIN_A, BIN_B, productionWorld, receiveLots, type ProductionWorld } from '../../test/support/production-world';
import { createProductionActivities } from './production-activities';

const db = useTestOrm();
const acts = () => createProductionActivities({ orm: db.orm });
const today = () => new Date().toISOString();
const clerk = 'clerk';

async function rows<T>(sql: string, params: unknown[]): Promise<T[]> {
  return query<T>(db.orm.em.fork(), sql, params);
}

/** The order's entries per account (debit − credit) and how many entries and moves it has. */
async function books(orderNumber: string) {
  const lines = await rows<{ account_code: string; net: string }>(
    `select l.account_code, sum(l.debit - l.credit) as net from journal_entry e join journal_line l on l.entry_id = e.id
      where e.source_type = 'production-order' and e.source_ref = ? group by l.account_code`,
    [orderNumber],
  );
  const [counts] = await rows<{ entries: string; moves: string; costs: string; wip: string }>(
    `select (select count(*) from journal_entry where source_type = 'production-order' and source_ref = ?) as entries,
            (select count(*) from stock_move where document_type = 'production-order' and document_ref = ?) as moves,
            (select count(*) from production_cost c join production_order o on o.id = c.production_order_id
              where o.number = ?) as costs,
            (select coalesce(sum(c.amount), 0) from production_cost c join production_order o on o.id = c.production_order_id
              where o.number = ?) as wip`,
    [orderNumber, orderNumber, orderNumber, orderNumber],
  );
  const net = new Map(lines.map((l) => [l.account_code, num(l.net)]));
  return {
    account: (code: string) => net.get(code) ?? 0,
    entries: num(counts?.entries),
    moves: num(counts?.moves),
    costs: num(counts?.costs),
    costWip: num(counts?.wip),
  };
}

/** The stock of the world's items per bin, lot and status, and the items' valuation. */
async function stockOf(world: ProductionWorld) {
  const skus = Object.values(world.sku);
  const balances = await rows<Record<string, unknown>>(
    `select i.sku, l.code as location, lot.code as lot, b.status, b.quantity, b.reserved_quantity
       from stock_balance b join item i on i.id = b.item_id join location l on l.id = b.location_id
       left join lot on lot.id = b.lot_id where i.sku in (?) and b.quantity <> 0 order by 1, 2, 3, 4`,
    [skus],
  );
  const [valuation] = await rows<{ v: string }>(
    `select coalesce(sum(v.value), 0) as v from item_valuation v join item i on i.id = v.item_id where i.sku in (?)`,
    [skus],
  );
  return {
    balances: balances.map((b) => ({ ...b, quantity: num(b.quantity), reserved_quantity: num(b.reserved_quantity) })),
    value: num(valuation?.v),
  };
}

/** Stock for the kit: C1 in FIFO lots (plus a newer expired one), SUB (plus a quarantined lot), bolts. */
async function stockWorld(world: ProductionWorld, bolts = 1000) {
  const { orm } = db;
  await receiveLots(orm, world.sku.c1, [
    { lot: 'C1-OLD', location: BIN_A, quantity: 10, unitCost: 2 },
    { lot: 'C1-NEW', location: BIN_B, quantity: 100, unitCost: 3 },
    { lot: 'C1-EXP', location: BIN_B, quantity: 5, unitCost: 9, expiresOn: '2024-01-31' },
  ]);
  await receiveLots(orm, world.sku.sub, [
    { lot: 'SUB-1', location: BIN_A, quantity: 10, unitCost: 7 },
    { lot: 'SUB-Q', location: BIN_B, quantity: 3, unitCost: 50, status: 'quarantine' },
  ]);
  await receiveLots(orm, world.sku.bolt, [
    { lot: 'B-OLD', location: BIN_A, quantity: Math.min(30, bolts), unitCost: 0.1 },
    ...(bolts > 30 ? [{ lot: 'B-NEW', location: BIN_B, quantity: bolts - 30, unitCost: 0.2 }] : []),
  ]);
}

function refused(type: string, message: RegExp) {
  return expect.objectContaining({ type, message: expect.stringMatching(message) });
}

describe('production order postings', () => {
  test('a three-level order with a phantom: release, kit, operations, backflush, completion at cost, close to zero', async () => {
    const world = await productionWorld(db.orm, 5);
    await stockWorld(world);
    const { workflowId, orderNumber: number } = world;
    const ref = { workflowId, orderNumber: number };

    // Release: skip-level through the phantom, quantities multiplied, planned scrap compounded; modes decided.
    const released = await acts().releaseProductionOrder(ref);
    expect(await acts().releaseProductionOrder(ref)).toEqual(released);
    expect(released.components).toEqual([
      { lineNo: 1, sku: world.sku.c1, required: 33, mode: 'kit', whenShort: 'wait' },
      { lineNo: 2, sku: world.sku.bolt, required: 20, mode: 'backflush', whenShort: 'wait' },
      { lineNo: 3, sku: world.sku.sub, required: 5, mode: 'kit', whenShort: 'wait' },
      { lineNo: 4, sku: world.sku.bolt, required: 25, mode: 'backflush', whenShort: 'wait' },
    ]);
    expect(released.operations.map((op) => op.seq)).toEqual([10, 20]);
    // The same requirement the planning explosion finds (phantom never demanded, SUB not exploded).
    const boms: Record<string, BomView> = {
      [world.sku.fg]: {
        parentSku: world.sku.fg,
        version: 1,
        phantom: false,
        lines: [
          { componentSku: world.sku.ph, quantityPer: 2, scrapPercent: 0 },
          { componentSku: world.sku.sub, quantityPer: 1, scrapPercent: 0 },
          { componentSku: world.sku.bolt, quantityPer: 4, scrapPercent: 25 },
        ],
      },
      [world.sku.ph]: {
        parentSku: world.sku.ph,
        version: 1,
        phantom: true,
        lines: [
          { componentSku: world.sku.c1, quantityPer: 3, scrapPercent: 10 },
          { componentSku: world.sku.bolt, quantityPer: 2, scrapPercent: 0 },
        ],
      },
      [world.sku.sub]: {
        parentSku: world.sku.sub,
        version: 1,
        phantom: false,
        lines: [{ componentSku: world.sku.c2, quantityPer: 5, scrapPercent: 0 }],
      },
    };
    const planned = new Map(explode(world.sku.fg, 5, (sku) => boms[sku]).map((c) => [c.componentSku, c.required]));
    const bySku = new Map<string, number>();
    for (const c of released.components) bySku.set(c.sku, (bySku.get(c.sku) ?? 0) + c.required);
    expect(bySku).toEqual(planned);
    const stored = await rows<Record<string, unknown>>(
      `select c.line_no, c.via_phantom_sku, c.quantity_per, c.operation_seq, d.rule_set_type, d.result
         from production_order_component c join production_order o on o.id = c.production_order_id
         left join rule_decision d on d.id = c.decision_id where o.number = ? order by c.line_no`,
      [number],
    );
    expect(stored.map((r) => [r.via_phantom_sku, num(r.quantity_per), r.operation_seq])).toEqual([
      [world.sku.ph, 6, 20],
      [world.sku.ph, 4, 20],
      [null, 1, 20],
      [null, 4, 20],
    ]);
    expect(stored.map((r) => r.rule_set_type)).toEqual(Array(4).fill('material-issue'));
    expect(stored[1]?.result).toMatchObject({ mode: 'backflush', rule: 'fasteners-backflushed', outranked: [] });
    expect(stored[0]?.result).toMatchObject({ mode: 'kit', usedDefault: true, reason: expect.stringMatching(/^kit/) });
    const [header] = await rows<Record<string, unknown>>(
      'select status, bom_id, routing_id, issue_rules from production_order where number = ?',
      [number],
    );
    expect(header).toMatchObject({
      status: 'released',
      issue_rules: expect.objectContaining({ ruleSetCode: 'material-issue' }),
    });
    expect(header?.bom_id).not.toBeNull();

    // Kit: FIFO lots, the expired one passed over, nothing from quarantine.
    const kit = await acts().reserveKit({ ...ref, round: 1 });
    expect(kit).toEqual({
      complete: true,
      short: [],
      picks: [
        { lineNo: 1, sku: world.sku.c1, location: BIN_A, lotCode: 'C1-OLD', quantity: 10, expiresOn: null },
        { lineNo: 1, sku: world.sku.c1, location: BIN_B, lotCode: 'C1-NEW', quantity: 23, expiresOn: null },
        { lineNo: 3, sku: world.sku.sub, location: BIN_A, lotCode: 'SUB-1', quantity: 5, expiresOn: null },
      ],
    });
    const pick = (lineNo: number, location: string, lotCode: string, quantity: number) => ({
      lineNo,
      location,
      lotCode,
      quantity,
    });
    const issue = (picks: ReturnType<typeof pick>[]) => acts().issueKit({ ...ref, picks, userName: clerk });
    await expect(issue([pick(1, BIN_B, 'C1-EXP', 1)])).rejects.toEqual(
      refused('ISSUE_REFUSED', /expired on 2024-01-31/),
    );
    await expect(issue([pick(3, BIN_B, 'SUB-Q', 1)])).rejects.toEqual(refused('ISSUE_REFUSED', /quarantine/));
    await expect(issue([pick(1, BIN_B, 'C1-NEW', 34)])).rejects.toEqual(refused('ISSUE_REFUSED', /requires 33/));
    await expect(issue([pick(9, BIN_B, 'C1-NEW', 1)])).rejects.toEqual(refused('ISSUE_REFUSED', /no component line 9/));
    await expect(issue([pick(2, BIN_A, 'B-OLD', 1)])).rejects.toEqual(refused('ISSUE_REFUSED', /backflushed/));
    expect((await books(number)).moves).toBe(0);
    const picks = kit.picks.map((p) => pick(p.lineNo, p.location, p.lotCode ?? '', p.quantity));
    const issued = await issue(picks);
    expect(await issue(picks)).toEqual(issued);
    expect(issued.kitComplete).toBe(true);
    // FIFO cost: 10 x 2.00 + 23 x 3.00 of C1, 5 x 7.00 of SUB.
    expect(issued.cost.material).toBe(124);
    let ledger = await books(number);
    expect([ledger.account('1400'), ledger.account('1300'), ledger.moves]).toEqual([124, -124, 3]);
    const [reserved] = await rows<{ n: string }>(
      `select count(*) as n from reservation where owner_workflow_id = ? and state = 'active'`,
      [workflowId],
    );
    expect(num(reserved?.n)).toBe(0);

    // Operations: no more than released / passed on; labour and overhead at the rates valid on the report's date.
    const report = (taskId: string, seq: number, good: number, scrap: number, labourHours: number) =>
      acts().reportOperation({
        ...ref,
        taskId: `${number}:${taskId}`,
        seq,
        good,
        scrap,
        labourHours,
        userName: clerk,
        reportedAt: today(),
      });
    await expect(report('op10-too-many', 10, 5, 1, 1)).rejects.toEqual(refused('REPORT_REFUSED', /at most 5 more/));
    const op10 = await report('op10', 10, 4, 1, 2.5);
    expect(await report('op10', 10, 4, 1, 2.5)).toEqual(op10);
    expect(op10).toMatchObject({ seq: 10, received: 5, good: 4, scrap: 1, done: true, backflushed: [] });
    expect(op10.cost).toMatchObject({ labour: 100, overhead: 62.5 });
    await expect(report('op20-too-many', 20, 5, 0, 1)).rejects.toEqual(
      refused('REPORT_REFUSED', /operation 10 passed on 4/),
    );
    // Backflush: quantity per x (good + scrap) = 4 x 4 per bolt line, the planned 25 % never added; FIFO lots.
    const op20 = await report('op20', 20, 3, 1, 2);
    expect(op20.backflushed).toEqual([
      { lineNo: 2, sku: world.sku.bolt, location: BIN_A, lotCode: 'B-OLD', quantity: 16, value: 1.6 },
      { lineNo: 4, sku: world.sku.bolt, location: BIN_A, lotCode: 'B-OLD', quantity: 14, value: 1.4 },
      { lineNo: 4, sku: world.sku.bolt, location: BIN_B, lotCode: 'B-NEW', quantity: 2, value: 0.4 },
    ]);
    expect(op20.cost).toMatchObject({ material: 127.4, labour: 160, overhead: 62.5 });
    ledger = await books(number);
    expect([ledger.account('6210'), ledger.account('6100'), ledger.account('1400')]).toEqual([-160, -62.5, 349.9]);

    // Completion: material at the issued average + the applied labour and overhead for the good quantity.
    const complete = (taskId: string, good: number) =>
      acts().completeProductionOrder({
        ...ref,
        taskId: `${number}:${taskId}`,
        good,
        toLocation: BIN_A,
        userName: clerk,
        reportedAt: today(),
      });
    await expect(complete('done-too-many', 4)).rejects.toEqual(refused('REPORT_REFUSED', /At most 3/));
    const done = await complete('done', 3);
    expect(await complete('done', 3)).toEqual(done);
    // C1 6 x 3 x 89/33 = 48.55, bolts 4 x 3 x 0.10 = 1.20 and 4 x 3 x 1.80/16 = 1.35, SUB 3 x 7 = 21; + 222.50.
    expect(done).toMatchObject({ good: 3, value: 294.6, completedQuantity: 3, completed: true });
    const [layer] = await rows<{ qty: string; value: string }>(
      `select l.quantity_in as qty, l.value_in as value from cost_layer l join stock_move m on m.id = l.source_move_id
        where m.document_ref = ? and m.move_type = 'production-receipt'`,
      [number],
    );
    expect([num(layer?.qty), num(layer?.value)]).toEqual([3, 294.6]);

    // Close: what WIP still holds goes to production variance, and WIP is exactly zero.
    const closeInput = { ...ref, userName: 'planner' };
    const closed = await acts().closeProductionOrder(closeInput);
    expect(await acts().closeProductionOrder(closeInput)).toEqual(closed);
    expect(closed).toMatchObject({ wip: 0, variance: 55.3, completed: 294.6 });
    ledger = await books(number);
    expect([ledger.account('1400'), ledger.account('5500'), ledger.costWip]).toEqual([0, 55.3, 0]);
    expect(ledger.account('1300')).toBeCloseTo(-124 - 3.4 + 294.6, 2);
    // Each activity called twice posted once: 3 issues + 3 backflushes + 1 receipt; 3 labour/overhead + close.
    expect([ledger.moves, ledger.entries]).toEqual([7, 11]);
    const [status] = await rows<{ status: string }>('select status from production_order where number = ?', [number]);
    expect(status?.status).toBe('closed');
  });

  test('cancel after issue and backflush returns stock and ledger to where they were; labour goes to variance', async () => {
    const world = await productionWorld(db.orm, 5);
    await stockWorld(world);
    const ref = { workflowId: world.workflowId, orderNumber: world.orderNumber };
    const before = await stockOf(world);
    await acts().releaseProductionOrder(ref);
    const kit = await acts().reserveKit({ ...ref, round: 1 });
    const picks = kit.picks.map((p) => ({
      lineNo: p.lineNo,
      location: p.location,
      lotCode: p.lotCode,
      quantity: p.quantity,
    }));
    await acts().issueKit({ ...ref, picks: picks.slice(0, 2), userName: clerk });
    const report = { ...ref, good: 2, scrap: 0, labourHours: 1, userName: clerk, reportedAt: today() };
    await acts().reportOperation({ ...report, taskId: `${world.orderNumber}:op10`, seq: 10 });
    await acts().reportOperation({ ...report, taskId: `${world.orderNumber}:op20`, seq: 20 });
    const during = await stockOf(world);
    expect(during.value).toBeCloseTo(before.value - 89 - 1.6, 2);

    const cancel = { ...ref, reason: 'customer withdrew', userName: 'planner' };
    const cancelled = await acts().cancelProductionOrder(cancel);
    expect(await acts().cancelProductionOrder(cancel)).toEqual(cancelled);
    // Labour 40 + overhead 25 at assembly, labour 30 at test: what the order held after the returns.
    expect(cancelled).toMatchObject({ wip: 0, variance: 95, labour: 70, overhead: 25 });
    const after = await stockOf(world);
    expect(after.balances).toEqual(before.balances);
    expect(after.value).toBeCloseTo(before.value, 2);
    const ledger = await books(world.orderNumber);
    expect([ledger.account('1400'), ledger.account('1300'), ledger.account('5500'), ledger.costWip]).toEqual([
      0, 0, 95, 0,
    ]);
    // 2 issues + 2 backflushes out, the same 4 back in; nothing posted twice.
    expect(ledger.moves).toBe(8);
    const [order] = await rows<{ status: string; cancel_reason: string }>(
      'select status, cancel_reason from production_order where number = ?',
      [world.orderNumber],
    );
    expect(order).toEqual({ status: 'cancelled', cancel_reason: 'customer withdrew' });
    const [active] = await rows<{ n: string }>(
      `select count(*) as n from reservation where owner_workflow_id = ? and state = 'active'`,
      [world.workflowId],
    );
    expect(num(active?.n)).toBe(0);
    await expect(acts().closeProductionOrder({ ...ref, userName: 'planner' })).rejects.toEqual(
      refused('CLOSE_REFUSED', /cancelled: there is nothing to close/),
    );
  });

  test('short backflush stock and an unissued kit are refused, and nothing of the refused report is written', async () => {
    const world = await productionWorld(db.orm, 5);
    await stockWorld(world, 10);
    const ref = { workflowId: world.workflowId, orderNumber: world.orderNumber };
    await acts().releaseProductionOrder(ref);
    const report = { ...ref, scrap: 0, labourHours: 1, userName: clerk, reportedAt: today() };
    // Reported for a day before assembly's rates changed: the old rates (10 labour, 5 overhead per hour) apply.
    const twentyDaysAgo = new Date(Date.now() - 20 * 86_400_000).toISOString();
    const op10 = await acts().reportOperation({
      ...report,
      taskId: `${world.orderNumber}:op10`,
      seq: 10,
      good: 5,
      reportedAt: twentyDaysAgo,
    });
    expect(op10.cost).toMatchObject({ labour: 10, overhead: 5, wip: 15 });
    const ledger = await books(world.orderNumber);
    // Two bolt lines x 4 per unit x 2 units = 16 bolts; there are 10.
    await expect(
      acts().reportOperation({ ...report, taskId: `${world.orderNumber}:op20`, seq: 20, good: 2 }),
    ).rejects.toEqual(refused('REPORT_REFUSED', new RegExp(`Not enough ${world.sku.bolt}`)));
    const after = await books(world.orderNumber);
    expect([after.entries, after.moves, after.costs]).toEqual([ledger.entries, ledger.moves, ledger.costs]);
    const [op] = await rows<{ good: string }>(
      `select p.good_quantity as good from production_order_operation p join production_order o on o.id = p.production_order_id
        where o.number = ? and p.seq = 20`,
      [world.orderNumber],
    );
    expect(num(op?.good)).toBe(0);
    await acts().reportOperation({ ...report, taskId: `${world.orderNumber}:op20-one`, seq: 20, good: 1 });
    await expect(
      acts().completeProductionOrder({
        ...ref,
        taskId: `${world.orderNumber}:done`,
        good: 1,
        toLocation: BIN_A,
        userName: clerk,
        reportedAt: today(),
      }),
    ).rejects.toEqual(refused('REPORT_REFUSED', /kit is not issued yet/));
    // At work with its kit neither issued nor reserved (as a kit released partially is): a receipt wakes it.
    expect(await acts().productionOrdersAwaitingStock({ itemSkus: [world.sku.c1] })).toEqual([world.workflowId]);
    const kit = await acts().reserveKit({ ...ref, round: 1 });
    expect(kit.complete).toBe(true);
    expect(await acts().productionOrdersAwaitingStock({ itemSkus: [world.sku.c1] })).toEqual([]);
  });

  test('a kit short of stock waits for it, and the receipt of the missing item finds the order', async () => {
    const world = await productionWorld(db.orm, 5);
    await receiveLots(db.orm, world.sku.c1, [{ lot: 'C1-FEW', location: BIN_A, quantity: 20, unitCost: 2 }]);
    const ref = { workflowId: world.workflowId, orderNumber: world.orderNumber };
    await acts().releaseProductionOrder(ref);
    const first = await acts().reserveKit({ ...ref, round: 1 });
    expect(first).toMatchObject({
      complete: false,
      short: [
        { lineNo: 1, sku: world.sku.c1, short: 13 },
        { lineNo: 3, sku: world.sku.sub, short: 5 },
      ],
    });
    expect(first.picks).toEqual([expect.objectContaining({ lineNo: 1, lotCode: 'C1-FEW', quantity: 20 })]);
    expect(await acts().productionOrdersAwaitingStock({ itemSkus: [world.sku.sub] })).toEqual([world.workflowId]);
    await receiveLots(db.orm, world.sku.c1, [{ lot: 'C1-MORE', location: BIN_B, quantity: 50, unitCost: 2 }]);
    await receiveLots(db.orm, world.sku.sub, [{ lot: 'SUB-2', location: BIN_A, quantity: 5, unitCost: 7 }]);
    const second = await acts().reserveKit({ ...ref, round: 2 });
    expect(second).toMatchObject({ complete: true, short: [] });
    expect(second.picks.map((p) => [p.lineNo, p.lotCode, p.quantity])).toEqual([
      [1, 'C1-FEW', 20],
      [1, 'C1-MORE', 13],
      [3, 'SUB-2', 5],
    ]);
    expect(await acts().productionOrdersAwaitingStock({ itemSkus: [world.sku.sub] })).toEqual([]);
  });

  test('an order scrapped entirely at its first operation closes with its kit and labour as production variance', async () => {
    const world = await productionWorld(db.orm, 5);
    await stockWorld(world);
    const ref = { workflowId: world.workflowId, orderNumber: world.orderNumber };
    await acts().releaseProductionOrder(ref);
    const kit = await acts().reserveKit({ ...ref, round: 1 });
    const picks = kit.picks.map((p) => ({
      lineNo: p.lineNo,
      location: p.location,
      lotCode: p.lotCode,
      quantity: p.quantity,
    }));
    await acts().issueKit({ ...ref, round: 1, picks, userName: clerk });
    const scrapped = await acts().reportOperation({
      ...ref,
      taskId: `${world.orderNumber}:op10`,
      seq: 10,
      good: 0,
      scrap: 5,
      labourHours: 1,
      userName: clerk,
      reportedAt: today(),
    });
    expect(scrapped).toMatchObject({ received: 5, good: 0, scrap: 5, done: true });
    const closed = await acts().closeProductionOrder({ ...ref, userName: 'planner' });
    // Kit 124.00 + labour 40.00 + overhead 25.00, nothing received.
    expect(closed).toMatchObject({ material: 124, completed: 0, variance: 189, wip: 0 });
    const ledger = await books(world.orderNumber);
    expect([ledger.account('1400'), ledger.account('5500'), ledger.costWip]).toEqual([0, 189, 0]);
  });
});
