import type { MikroORM } from '@mikro-orm/postgresql';
import { listPage } from '../api/lists/sql-list';
import { subcontractSupplierList } from '../api/reports/subcontract-supplier-list';
import { subcontractTrackingPage, type SubcontractTrackingQuery } from '../api/reports/subcontract-tracking-list';
import { num, query } from '../db/sql';
import { note, percentile, prng, report, timed } from './harness';
import {
  loadSubcontractTrackingWorld,
  SC_MOVES,
  SC_ORDERS,
  SC_SUPPLIERS,
  scSupplierCode,
} from './subcontract-tracking-world';

const SAMPLES = Number(process.env.BENCH_SC_SAMPLES ?? 200);
const PAGE_SIZE = 50;
const TARGET = { text: '< 100 ms', met: (value: number) => value < 100 };

/** The bare indexed reads the report pages stand on: order ids by due date, for all suppliers or one. */
const BARE_BY_DUE = 'select so.id, so.due_date from subcontract_order so order by so.due_date, so.id limit ? offset ?';
const BARE_BY_SUPPLIER = `select so.id, so.due_date from subcontract_order so
  where so.supplier_id = (select id from supplier where code = ?) order by so.due_date, so.id limit ?`;

/**
 * The subcontract tracking report (api/reports/subcontract-tracking-list.ts subcontractTrackingPage, as the route serves it: the
 * page and its total) over 10,000 orders beside a 1,000,000-line stock ledger: a page sorted by due date (pages 1 to 20) and a
 * supplier's first page, each against the bare indexed query alone, alternated sample by sample; p95 < 100 ms. The
 * by-supplier view (200 suppliers with their stock at site) is timed as a note.
 */
export async function subcontractTrackingBench(orm: MikroORM): Promise<void> {
  const started = performance.now();
  await loadSubcontractTrackingWorld(orm);
  const [moves] = await query<{ n: string }>(orm.em.fork(), 'select count(*) as n from stock_move');
  const [fees] = await query<{ n: string; net: string; differing: string }>(
    orm.em.fork(),
    `select count(*) as n, coalesce(sum(invoiced_net), 0) as net, count(*) filter (where difference <> 0) as differing
       from subcontract_fee_settlement`,
  );
  note(
    `loaded ${SC_ORDERS} subcontract orders of ${SC_SUPPLIERS} suppliers and ${SC_MOVES} stock moves ` +
      `(ledger ${num(moves?.n)} lines) in ${((performance.now() - started) / 1000).toFixed(1)} s; ` +
      `${num(fees?.n)} fee invoices settled ${num(fees?.net).toFixed(2)} (${num(fees?.differing)} with a difference)`,
  );
  const random = prng(1515);
  const pageOf = (extra: Partial<SubcontractTrackingQuery>) =>
    subcontractTrackingPage(orm.em.fork(), { page: 1, pageSize: PAGE_SIZE, sort: 'dueDate', ...extra });
  const somePage = () => 1 + Math.floor(random() * 20);
  const someSupplier = () => scSupplierCode(1 + Math.floor(random() * SC_SUPPLIERS));

  for (let i = 0; i < 20; i += 1) {
    await pageOf({ page: somePage() }); // warm the pool, plans and pages, for both alike
    await query(orm.em.fork(), BARE_BY_DUE, [PAGE_SIZE, 0]);
  }
  const times = {
    due: [] as number[],
    bareDue: [] as number[],
    supplier: [] as number[],
    bareSupplier: [] as number[],
  };
  let rows = 0;
  let invoicedRows = 0;
  for (let i = 0; i < SAMPLES; i += 1) {
    const page = somePage();
    times.bareDue.push(await timed(() => query(orm.em.fork(), BARE_BY_DUE, [PAGE_SIZE, (page - 1) * PAGE_SIZE])));
    const items: Array<{ feesInvoiced: number }> = [];
    times.due.push(await timed(async () => items.push(...(await pageOf({ page })).items)));
    rows += items.length;
    invoicedRows += items.filter((item) => item.feesInvoiced > 0).length;
    const supplier = someSupplier();
    times.bareSupplier.push(await timed(() => query(orm.em.fork(), BARE_BY_SUPPLIER, [supplier, PAGE_SIZE])));
    times.supplier.push(await timed(() => pageOf({ supplier })));
  }
  for (const p of [50, 95]) {
    const target = p === 95 ? TARGET : undefined;
    report(
      `subcontract tracking page by due date p${p}`,
      percentile(times.due, p),
      'ms',
      { name: `bare indexed query p${p}`, value: percentile(times.bareDue, p), unit: 'ms' },
      target,
    );
    report(
      `subcontract tracking page of one supplier p${p}`,
      percentile(times.supplier, p),
      'ms',
      { name: `bare indexed query p${p}`, value: percentile(times.bareSupplier, p), unit: 'ms' },
      target,
    );
  }
  note(
    `${SAMPLES} samples each, ${PAGE_SIZE} rows a page (${(rows / SAMPLES).toFixed(0)} on average, ` +
      `${(invoicedRows / SAMPLES).toFixed(0)} with fees invoiced), with the total`,
  );

  const bySupplier: number[] = [];
  for (let i = 0; i < 20; i += 1) {
    bySupplier.push(
      await timed(() => listPage(orm.em.fork(), subcontractSupplierList, { page: 1, pageSize: PAGE_SIZE })),
    );
  }
  note(
    `by-supplier page (all ${SC_SUPPLIERS} suppliers' figures and stock at site): p50 ${percentile(bySupplier, 50).toFixed(1)} ms`,
  );
}
