import type { MikroORM } from '@mikro-orm/postgresql';
import { num, query } from '../db/sql';
import { note, percentile, prng, report, timed } from './harness';

/**
 * Stock on hand of one item as the console asks for it: the SQL of api/catalog/catalog-routes.ts `/stock`, plus
 * each row's value at its valuation scope's unit value (item_valuation), as the stock-on-hand report values it.
 * Kept in step with those by hand: the bench must not depend on a route's internals.
 */
const STOCK_ON_HAND = `
  select i.sku, w.code as warehouse_code, l.code as location_code, lot.code as lot_code,
         to_char(lot.expires_on, 'YYYY-MM-DD') as expiry_date, b.status, b.quantity, b.reserved_quantity,
         round(b.quantity * case when v.quantity > 0 then v.value / v.quantity else 0 end, 2) as value
    from stock_balance b join item i on i.id = b.item_id join location l on l.id = b.location_id
    join warehouse w on w.id = l.warehouse_id left join lot on lot.id = b.lot_id
    left join item_valuation v on not w.virtual and v.item_id = b.item_id
          and coalesce(v.warehouse_id, 0) = case when i.valued_per_warehouse then w.id else 0 end
   where i.sku = ? and b.quantity <> 0 order by w.code, l.pick_sequence, lot.code`;

/** Quantity and value of every item from the valuation sub-ledger, by SKU. */
const VALUATION_REPORT = `
  select i.sku, coalesce(sum(v.quantity), 0) as quantity, coalesce(sum(v.value), 0) as value
    from item i left join item_valuation v on v.item_id = i.id group by i.id order by i.sku`;

/** The same value rebuilt from what is left in the FIFO layers (the cross-check; FIFO items only). */
const FIFO_LAYER_SUM = `
  select c.item_id, i.sku, sum(c.quantity_remaining) as quantity, sum(c.value_remaining) as value
    from cost_layer c join item i on i.id = c.item_id where i.valuation_method = 'fifo' group by c.item_id, i.sku`;

/**
 * Per-item stock-on-hand latency over `samples` random items vs a primary-key lookup of one stock_balance row,
 * both one query on a fresh EntityManager (as an API request runs them), alternated pair by pair.
 */
export async function stockOnHandBench(orm: MikroORM, skus: string[], samples: number): Promise<void> {
  const [range] = await query<{ lo: string; hi: string }>(
    orm.em.fork(),
    'select min(id) as lo, max(id) as hi from stock_balance',
  );
  const lo = num(range?.lo);
  const span = num(range?.hi) - lo + 1;
  const random = prng(1122);
  const pick = () => Math.floor(random() * 1e9);
  const lookup = (i: number) => query(orm.em.fork(), STOCK_ON_HAND, [skus[i % skus.length]]);
  const byKey = (i: number) =>
    query(orm.em.fork(), 'select id, quantity, reserved_quantity from stock_balance where id = ?', [lo + (i % span)]);
  for (let i = 0; i < 20; i += 1) await Promise.all([lookup(pick()), byKey(pick())]); // warm the pool and plans
  const soh: number[] = [];
  const pk: number[] = [];
  let rows = 0;
  for (let i = 0; i < samples; i += 1) {
    pk.push(await timed(() => byKey(pick())));
    soh.push(
      await timed(async () => {
        rows += (await lookup(pick())).length;
      }),
    );
  }
  for (const p of [50, 95, 99]) {
    const base = { name: `stock_balance primary-key lookup p${p}`, value: percentile(pk, p), unit: 'ms' };
    const target = p === 95 ? { text: '< 20 ms', met: (value: number) => value < 20 } : undefined;
    report(`stock-on-hand lookup, one item p${p}`, percentile(soh, p), 'ms', base, target);
  }
  note(`${samples} lookups over ${skus.length} items, ${(rows / samples).toFixed(1)} balance rows per item on average`);
}

/**
 * Wall time of the stock valuation report over all items and of its FIFO cross-check, each the median of
 * `repeats` runs, vs `select count(*) from stock_move` timed alongside. Reports how many FIFO items disagree.
 */
export async function valuationBench(orm: MikroORM, repeats: number): Promise<void> {
  const times = { count: [] as number[], report: [] as number[], layers: [] as number[] };
  let reportRows: Array<Record<string, unknown>> = [];
  let layerRows: Array<Record<string, unknown>> = [];
  for (let i = 0; i < repeats; i += 1) {
    times.count.push(await timed(() => query(orm.em.fork(), 'select count(*) from stock_move')));
    times.report.push(await timed(async () => (reportRows = await query(orm.em.fork(), VALUATION_REPORT))));
    times.layers.push(await timed(async () => (layerRows = await query(orm.em.fork(), FIFO_LAYER_SUM))));
  }
  const base = { name: 'select count(*) from stock_move', value: percentile(times.count, 50), unit: 'ms' };
  const target = { text: '< 5 s', met: (value: number) => value < 5000 };
  report('stock valuation report, all items (item_valuation)', percentile(times.report, 50), 'ms', base, target);
  report('valuation cross-check, FIFO layer sums by item', percentile(times.layers, 50), 'ms', base, target);
  const books = new Map(reportRows.map((row) => [String(row.sku), row]));
  const off = layerRows.filter((row) => {
    const book = books.get(String(row.sku));
    return !book || num(book.quantity) !== num(row.quantity) || num(book.value) !== num(row.value);
  });
  const total = reportRows.reduce((sum, row) => sum + num(row.value), 0);
  note(
    `${reportRows.length} items valued at ${total.toFixed(2)}; ${layerRows.length} FIFO items cross-checked, ` +
      `${off.length} disagree with their layers${off[0] ? ` (first: ${String(off[0].sku)})` : ''}`,
  );
}
