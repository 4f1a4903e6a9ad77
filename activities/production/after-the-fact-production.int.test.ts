import { periodCodeOf, companyTimeZone } from '../../db/accounting/periods';
import { postMove } from '../../db/inventory/post-move';
import { bookDifferences } from '../../db/inventory/revalue-booking';
import { processRevaluationChunk } from '../../db/inventory/revaluation-job';
import { readProductionOrder } from '../../api/manufacturing/production-orders/production-order-detail';
import { productionCost } from '../../db/repositories/production-cost-repository';
import { num, query } from '../../db/sql';
import { useTestOrm } from '../../test/support/int-env';
import { BIN_A, BIN_B, productionWorld, receiveLots } from '../../test/support/production-world';
import { completedAndClosed, invoiceAt, issued, otherStock, purchasedC1 } from '../../test/support/after-the-fact';
import { createProductionActivities } from './production-activities';

/*
 * After-the-fact cost differences (POSTINGS.md) of components issued to a production order: while the order is open
 * they go to its WIP (1400) and onto the order as a material-revaluation cost row, so completion and close see them;
 * once it is closed they go to production variance (5500) and its WIP stays 0.
 *
 * The world (test/support/production-world) for 5 FG: C1 line 1 requires 33 (5 x 2 x 3 x 1.1; 30 consumed by BOM,
 * 3 planned scrap), SUB line 3 requires 5 at 7.00, bolts backflushed at operation 20 (8 per FG at 0.10).
 */

jest.setTimeout(120_000);

const db = useTestOrm();
const acts = () => createProductionActivities({ orm: db.orm });

async function rows<T>(sql: string, params: unknown[]): Promise<T[]> {
  return query<T>(db.orm.em.fork(), sql, params);
}

/**
 * The order's cost rows by kind, their sum (its WIP by the cost rows), and its WIP by the ledger: the 1400 lines of
 * its own entries plus those of the later entries its cost rows name (they must agree).
 */
async function orderBooks(orderNumber: string) {
  const kinds = await rows<{ kind: string; amount: string; n: string }>(
    `select c.kind, sum(c.amount) as amount, count(*) as n from production_cost c
       join production_order o on o.id = c.production_order_id where o.number = ? group by c.kind`,
    [orderNumber],
  );
  const [ledger] = await rows<{ wip: string; variance: string }>(
    `with entries as (
       select e.id from journal_entry e where e.source_type = 'production-order' and e.source_ref = ?
       union
       select c.journal_entry_id from production_cost c join production_order o on o.id = c.production_order_id
        where o.number = ? and c.kind in ('material-revaluation', 'late-revaluation'))
     select coalesce(sum(l.debit - l.credit) filter (where l.account_code = '1400'), 0) as wip,
            coalesce(sum(l.debit - l.credit) filter (where l.account_code = '5500'), 0) as variance
       from journal_line l where l.entry_id in (select id from entries)`,
    [orderNumber, orderNumber],
  );
  const byKind = Object.fromEntries(kinds.map((k) => [k.kind, num(k.amount)]));
  const count = Object.fromEntries(kinds.map((k) => [k.kind, num(k.n)]));
  // `|| 0`: a sum that rounds to zero from below is -0, and the WIP is simply 0.
  const costWip = Math.round(kinds.reduce((sum, k) => sum + num(k.amount), 0) * 100) / 100 || 0;
  return { byKind, count, costWip, ledgerWip: num(ledger?.wip), ledgerVariance: num(ledger?.variance) };
}

async function issuedValue(orderNumber: string, lineNo: number): Promise<number> {
  const [row] = await rows<{ v: string }>(
    `select c.issued_value as v from production_order_component c join production_order o on o.id = c.production_order_id
      where o.number = ? and c.line_no = ?`,
    [orderNumber, lineNo],
  );
  return num(row?.v);
}

describe('after-the-fact cost differences reach the production order', () => {
  test('an invoice at 11.00 for C1 received at 10.00 and issued to an open order: +33.00 into its WIP, then variance at close', async () => {
    const world = await productionWorld(db.orm, 5);
    await otherStock(db.orm, world);
    const po = await purchasedC1(db.orm, world, 40);
    const issueMove = await issued(db.orm, world);
    expect(await issuedValue(world.orderNumber, 1)).toBe(330);

    // 40 x 1.00 difference: 7 still on hand re-value the layer (1300), the 33 issued go to the order's WIP (1400).
    const { posting, entry } = await invoiceAt(db.orm, world, po, 40, 11);
    expect(entry).toEqual({ '1300': 7, '1400': 33, '2100': 400, '2200': -440 });
    expect(posting.priceDifference).toEqual({ onHand: 7, issued: { '1400': 33 } });
    let books = await orderBooks(world.orderNumber);
    expect(books.byKind).toMatchObject({ material: 365, 'material-revaluation': 33 });
    expect([books.costWip, books.ledgerWip]).toEqual([398, 398]);
    const [row] = await rows<Record<string, unknown>>(
      `select c.component_line_no, c.stock_move_id, c.journal_entry_id from production_cost c
         join production_order o on o.id = c.production_order_id where o.number = ? and c.kind = 'material-revaluation'`,
      [world.orderNumber],
    );
    expect([num(row?.component_line_no), num(row?.stock_move_id), num(row?.journal_entry_id)]).toEqual([
      1,
      issueMove,
      posting.journalEntryId,
    ]);
    // The completion relieves C1 at the corrected average: 363 / 33 = 11.00 a unit.
    expect(await issuedValue(world.orderNumber, 1)).toBe(363);

    // Completion: C1 6 x 5 x 11.00 = 330, SUB 35, bolts 40 x 0.10 = 4, labour and overhead in full. Close: the 3
    // planned-scrap C1 at 11.00 = 33.00 (30.00 before the invoice) to variance, and WIP ends at exactly 0.
    const { done, closed } = await completedAndClosed(db.orm, world);
    expect(done.material).toBe(369);
    expect(closed).toMatchObject({ wip: 0, variance: 33, material: 402 });
    books = await orderBooks(world.orderNumber);
    expect([books.costWip, books.ledgerWip, books.ledgerVariance]).toEqual([0, 0, 33]);
  });

  test('the same invoice arriving after the order closed goes to production variance (5500); WIP stays 0', async () => {
    const world = await productionWorld(db.orm, 5);
    await otherStock(db.orm, world);
    const po = await purchasedC1(db.orm, world, 40);
    const issueMove = await issued(db.orm, world);
    const { closed } = await completedAndClosed(db.orm, world);
    expect(closed).toMatchObject({ wip: 0, variance: 30 });

    const { posting, entry } = await invoiceAt(db.orm, world, po, 40, 11);
    expect(entry).toEqual({ '1300': 7, '5500': 33, '2100': 400, '2200': -440 });
    const books = await orderBooks(world.orderNumber);
    // Shown on the order as a late re-valuation with its variance: material and variance both 33.00 higher.
    expect(books.byKind).toMatchObject({ 'late-revaluation': 33, variance: -63 });
    expect(books.count).toMatchObject({ 'late-revaluation': 1, variance: 2 });
    expect([books.costWip, books.ledgerWip, books.ledgerVariance]).toEqual([0, 0, 63]);
    // The order's cost so far (what its detail and the workflow's state show).
    const cost = await db.tx(async (em) => {
      const [order] = await query<{ id: number }>(em, 'select id from production_order where number = ?', [
        world.orderNumber,
      ]);
      return productionCost(em, num(order?.id));
    });
    expect(cost).toMatchObject({ wip: 0, variance: 63, material: 402 });
    const [lateRow] = await rows<{ stock_move_id: number }>(
      `select c.stock_move_id from production_cost c join production_order o on o.id = c.production_order_id
        where o.number = ? and c.kind = 'late-revaluation'`,
      [world.orderNumber],
    );
    expect(num(lateRow?.stock_move_id)).toBe(issueMove);
    // The console's detail: the cost card and the timeline's two rows of the invoice, both naming the line.
    const detail = await db.tx((em) => readProductionOrder(em, world.orderNumber));
    expect(detail?.cost).toMatchObject({ material: 402, variance: 63, wip: 0 });
    const late = detail?.reports.filter((r) => r.journalEntryId === posting.journalEntryId);
    expect(late?.map((r) => [r.kind, r.componentLineNo, r.amount])).toEqual([
      ['late-revaluation', 1, 33],
      ['variance', 1, -33],
    ]);
    // A closed order's component is not re-valued: nothing more will be completed from it.
    expect(await issuedValue(world.orderNumber, 1)).toBe(330);
  });

  test('a receipt backdated before the issue re-values it into the open order (dated at the issue), once', async () => {
    const world = await productionWorld(db.orm, 5);
    await otherStock(db.orm, world);
    await receiveLots(db.orm, world.sku.c1, [{ lot: 'C1-A', location: BIN_A, quantity: 40, unitCost: 10 }]);
    const issueMove = await issued(db.orm, world);
    const [issue] = await rows<{ effective_at: string }>('select effective_at from stock_move where id = ?', [
      issueMove,
    ]);

    // 10 at 5.00 received two hours ago, before C1-A: by FIFO the issue of 33 now costs 10 x 5 + 23 x 10 = 280.
    const backdated = await db.tx((em) =>
      postMove(em, {
        moveType: 'receipt',
        itemSku: world.sku.c1,
        lot: { code: 'C1-EARLY' },
        toLocation: BIN_B,
        quantity: 10,
        unitCost: 5,
        effectiveAt: new Date(Date.now() - 2 * 3_600_000),
        documentType: 'test',
        documentRef: `after-the-fact-${world.suffix}`,
        userName: 'tester',
        idempotencyKey: `after-the-fact:${world.suffix}:early`,
      }),
    );
    expect(backdated.revaluedMoves).toBe(1);
    const entries = await rows<{ id: number; entry_date: string; account_code: string; net: string }>(
      `select e.id, e.entry_date, l.account_code, l.debit - l.credit as net from journal_entry e
         join journal_line l on l.entry_id = e.id where e.source_type = 'revaluation' and e.source_ref = ?
        order by l.account_code`,
      [`move ${backdated.moveId}`],
    );
    expect(entries.map((e) => [e.account_code, num(e.net)])).toEqual([
      ['1300', 50],
      ['1400', -50],
    ]);
    expect(new Date(entries[0]?.entry_date ?? '').getTime()).toBe(new Date(issue?.effective_at ?? '').getTime());
    let books = await orderBooks(world.orderNumber);
    expect(books.byKind).toMatchObject({ material: 365, 'material-revaluation': -50 });
    expect([books.costWip, books.ledgerWip]).toEqual([315, 315]);
    expect(await issuedValue(world.orderNumber, 1)).toBe(280);

    // Booking the same differences again under the same key (a retried posting) writes nothing twice.
    const at = new Date(issue?.effective_at ?? '').getTime();
    const period = periodCodeOf(new Date(at), await db.tx((em) => companyTimeZone(em)));
    await db.tx((em) =>
      bookDifferences(
        em,
        { [period]: { at, accounts: {}, production: [{ moveId: issueMove, cents: -5000 }] } },
        {
          sourceRef: `move ${backdated.moveId}`,
          idempotencyKey: `revaluation:${backdated.moveId}`,
          userName: 'tester',
        },
      ),
    );
    books = await orderBooks(world.orderNumber);
    expect(books.count['material-revaluation']).toBe(1);
    expect([books.costWip, books.ledgerWip]).toEqual([315, 315]);
    expect(await issuedValue(world.orderNumber, 1)).toBe(280);

    // Completion relieves C1 at 280 / 33: 6 x 5 x 8.4848... = 254.55; the close sends 25.45 to variance, WIP 0.
    const { done, closed } = await completedAndClosed(db.orm, world);
    expect(done.material).toBe(293.55);
    expect(closed).toMatchObject({ wip: 0, variance: 25.45, material: 319 });
    books = await orderBooks(world.orderNumber);
    expect([books.costWip, books.ledgerWip, books.ledgerVariance]).toEqual([0, 0, 25.45]);
  });

  test('a backdated receipt re-valued by a chunked job after the order closed goes to production variance', async () => {
    const world = await productionWorld(db.orm, 5);
    await otherStock(db.orm, world);
    await receiveLots(db.orm, world.sku.c1, [{ lot: 'C1-A', location: BIN_A, quantity: 40, unitCost: 10 }]);
    await issued(db.orm, world);
    await completedAndClosed(db.orm, world);

    // The same backdated 10 at 5.00 (the issue now costs 50.00 less), queued as a job (limit 0) and run in chunks
    // of one event: the difference rides the job's checkpoint until the issue's period is booked.
    const backdated = await db.tx((em) =>
      postMove(em, {
        moveType: 'receipt',
        itemSku: world.sku.c1,
        lot: { code: 'C1-EARLY' },
        toLocation: BIN_B,
        quantity: 10,
        unitCost: 5,
        effectiveAt: new Date(Date.now() - 2 * 3_600_000),
        documentType: 'test',
        documentRef: `after-the-fact-${world.suffix}`,
        userName: 'tester',
        idempotencyKey: `after-the-fact:${world.suffix}:early-job`,
        inlineRevaluationLimit: 0,
      }),
    );
    const jobId = backdated.revaluationJobId ?? 0;
    expect(jobId).toBeGreaterThan(0);
    for (let done = false; !done;) done = (await db.tx((em) => processRevaluationChunk(em, jobId, 1))).done;
    const lines = await rows<{ account_code: string; net: string }>(
      `select l.account_code, sum(l.debit - l.credit) as net from journal_entry e join journal_line l on l.entry_id = e.id
        where e.source_type = 'revaluation' and e.source_ref = ? group by l.account_code order by 1`,
      [`revaluation job ${jobId}`],
    );
    expect(lines.map((l) => [l.account_code, num(l.net)])).toEqual([
      ['1300', 50],
      ['5500', -50],
    ]);
    // Variance was 30.00 (3 planned-scrap C1 at 10.00); the issue's 50.00 less makes it -20.00; WIP stays 0.
    const books = await orderBooks(world.orderNumber);
    expect(books.byKind).toMatchObject({ 'late-revaluation': -50, variance: -30 + 50 });
    expect([books.costWip, books.ledgerWip, books.ledgerVariance]).toEqual([0, 0, -20]);
  });

  test('an order cancelled after the invoice corrected its issue returns the goods at the corrected cost', async () => {
    const world = await productionWorld(db.orm, 5);
    await otherStock(db.orm, world);
    const po = await purchasedC1(db.orm, world, 40);
    const issueMove = await issued(db.orm, world);
    await invoiceAt(db.orm, world, po, 40, 11);

    // C1 goes back at 33 x 11.00 = 363, SUB at 35: nothing is left in WIP and nothing goes to variance.
    const cancelled = await acts().cancelProductionOrder({
      workflowId: world.workflowId,
      orderNumber: world.orderNumber,
      reason: 'after-the-fact test',
      userName: 'planner',
    });
    expect(cancelled).toMatchObject({ wip: 0, variance: 0, material: 0 });
    const [layer] = await rows<{ value_in: string; quantity_in: string }>(
      `select l.value_in, l.quantity_in from cost_layer l join stock_move m on m.id = l.source_move_id
        where m.document_ref = ? and m.move_type = 'production-receipt' and m.item_id = (select item_id from stock_move where id = ?)`,
      [world.orderNumber, issueMove],
    );
    expect([num(layer?.quantity_in), num(layer?.value_in)]).toEqual([33, 363]);
    const books = await orderBooks(world.orderNumber);
    expect(books.byKind).toMatchObject({ material: 365, 'material-revaluation': 33, return: -398 });
    expect([books.costWip, books.ledgerWip, books.ledgerVariance]).toEqual([0, 0, 0]);
  });
});
