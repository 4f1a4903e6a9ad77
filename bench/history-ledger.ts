import type { EntityManager } from '@mikro-orm/postgresql';
import { num, query } from '../db/sql';

/**
 * The loaded rows are exactly what postMove would have written (FIFO by effective time, exact cents), so
 * stock_move, stock_balance, cost_layer, layer_consumption and item_valuation agree with each other; the
 * journal is not loaded (the posting benchmark measures it).
 *
 * Per item: receipts of r units at a drifting unit cost and shipments/issues of iq units, in the order of a
 * "quantity clock" (receipt n at n*r, issue n just after the last unit it takes has arrived), spread over the
 * last two years. Every GROUP receipts form one lot (lot-tracked items) at one of four locations; iq divides
 * GROUP*r, so an issue never crosses a lot, while it may span FIFO layers.
 */
const GROUP = 4;
/** [r, iq] per item in turn: issues smaller than, larger than and dividing the receipt size. */
const SIZES: ReadonlyArray<readonly [number, number]> = [
  [100, 40],
  [60, 80],
  [240, 96],
  [500, 200],
  [100, 50],
  [12, 8],
];
export const R_EXPR = `(array[${SIZES.map(([r]) => r).join(',')}])[1 + j % ${SIZES.length}]`;
export const I_EXPR = `(array[${SIZES.map(([, i]) => i).join(',')}])[1 + j % ${SIZES.length}]`;

/** Unit cost in cents of layer n of an item: its base cost drifting by -10..+10 %, integer so values are exact. */
const unitCents = (n: string) => `(p.base_cents + p.base_cents * ((${n} * 37) % 21 - 10) / 100)`;

/**
 * Every move as a row of load_event: kind, item, n-th receipt or issue, quantity, effective time, lot group,
 * location, its ledger id (global effective-time order, as postings made at the time would have numbered
 * them) and, for receipts, its lot and layer id. Ids are computed, so the other tables can refer to them.
 */
export async function createEvents(em: EntityManager, locationArray: string): Promise<void> {
  const [bases] = await query<Record<string, string>>(
    em,
    `select (select last_value from stock_move_id_seq) as move, (select last_value from lot_id_seq) as lot,
            (select last_value from cost_layer_id_seq) as layer,
            (select max(ceil(nr::numeric / ${GROUP})) from load_item) as lots_per_item,
            (select max(nr) from load_item) as layers_per_item`,
  );
  const b = { move: num(bases?.move), lot: num(bases?.lot), layer: num(bases?.layer) + 1 };
  const lotsPer = num(bases?.lots_per_item);
  const layersPer = num(bases?.layers_per_item);
  await query(em, `create temp table load_layer_base on commit drop as select ${b.layer} as base, ${layersPer} as per`);
  await query(
    em,
    `create temp table load_event on commit drop as
     with raw as (
       select p.item_id, p.j, 'receipt' as kind, n, p.r as qty, (n * p.r)::float8 as clock, n / ${GROUP} as grp
         from load_item p cross join lateral generate_series(0, p.nr - 1) n
       union all
       select p.item_id, p.j, 'issue', n, p.iq, p.iq * (n + 1) + p.r / 2.0 + 0.25, (p.iq * n) / (${GROUP} * p.r)
         from load_item p cross join lateral generate_series(0, p.ni - 1) n),
     timed as (
       select raw.*, now() - interval '730 days'
                     + interval '729 days' * (clock / (greatest(p.r * p.nr, p.iq * p.ni + p.r) + 1)) as effective_at,
              p.lot_tracked, (?::int[])[1 + (raw.j * 7 + grp % 4) % cardinality(?::int[])] as location_id
         from raw join load_item p using (item_id))
     select timed.*, ${b.move} + row_number() over (order by effective_at, item_id, kind desc, n) as move_id,
            case when lot_tracked then ${b.lot} + 1 + j * ${lotsPer} + grp end as lot_id,
            case when kind = 'receipt' then ${b.layer} + j * ${layersPer} + n end as layer_id
       from timed`,
    [locationArray, locationArray],
  );
}

/** Writes lots, moves, layers, consumptions, balances and valuations from load_event, then moves the sequences on. */
export async function writeLedger(em: EntityManager): Promise<void> {
  await query(
    em,
    `insert into lot (id, item_id, code, manufactured_on, expires_on, received_at)
     select lot_id, item_id, 'LD-' || grp, (min(effective_at) - interval '5 days')::date,
            (min(effective_at) + interval '715 days')::date, min(effective_at)
       from load_event where kind = 'receipt' and lot_id is not null group by lot_id, item_id, grp`,
  );
  await query(
    em,
    `insert into stock_move (id, move_type, item_id, lot_id, from_location_id, to_location_id, from_status, to_status,
                             quantity, effective_at, document_type, document_ref, line_no, user_name, idempotency_key,
                             created_at)
     select move_id, case when kind = 'receipt' then 'receipt' when n % 3 = 0 then 'issue' else 'shipment' end,
            item_id, lot_id, case when kind = 'issue' then location_id end,
            case when kind = 'receipt' then location_id end, case when kind = 'issue' then 'available' end,
            case when kind = 'receipt' then 'available' end, qty, effective_at,
            case when kind = 'receipt' then 'purchase-receipt' else 'sales-shipment' end, 'LD-' || move_id, 1,
            'bench-load', 'bench-load:' || move_id, effective_at
       from load_event order by move_id`,
  );
  // A layer keeps what the issues (which take the first iq * ni units of the item, oldest first) left of it.
  await query(
    em,
    `insert into cost_layer (id, item_id, warehouse_id, source_move_id, effective_at, quantity_in, value_in,
                             quantity_remaining, value_remaining)
     select e.layer_id, e.item_id, null, e.move_id, e.effective_at, e.qty, e.qty * ${unitCents('e.n')} / 100.0,
            e.qty - used, (e.qty - used) * ${unitCents('e.n')} / 100.0
       from load_event e join load_item p using (item_id)
      cross join lateral (select least(greatest(p.iq * p.ni - e.n * p.r, 0), p.r) as used) u
      where e.kind = 'receipt' order by e.layer_id`,
  );
  // Issue n takes units [iq*n, iq*(n+1)): a slice of every layer l whose units [r*l, r*(l+1)) overlap them.
  await query(
    em,
    `insert into layer_consumption (move_id, layer_id, quantity, value)
     select e.move_id, b.base + p.j * b.per + l, q, q * ${unitCents('l')} / 100.0
       from load_event e join load_item p using (item_id) cross join load_layer_base b
      cross join lateral generate_series((p.iq * e.n) / p.r, (p.iq * (e.n + 1) - 1) / p.r) l
      cross join lateral (select least(p.iq * (e.n + 1), p.r * (l + 1)) - greatest(p.iq * e.n, p.r * l) as q) s
      where e.kind = 'issue' order by e.move_id`,
  );
  await query(
    em,
    `insert into stock_balance (item_id, location_id, lot_id, status, quantity, reserved_quantity, updated_at)
     select item_id, location_id, lot_id, 'available', sum(case when kind = 'receipt' then qty else -qty end), 0,
            max(effective_at)
       from load_event group by item_id, location_id, lot_id`,
  );
  await query(
    em,
    `insert into item_valuation (item_id, warehouse_id, quantity, value, last_effective_at, updated_at)
     select l.item_id, null, l.quantity, l.value, e.last_at, now()
       from (select item_id, sum(quantity_remaining) as quantity, sum(value_remaining) as value from cost_layer
              where item_id in (select item_id from load_item) group by item_id) l
       join (select item_id, max(effective_at) as last_at from load_event group by item_id) e using (item_id)`,
  );
  for (const table of ['stock_move', 'lot', 'cost_layer']) {
    await query(em, `select setval(pg_get_serial_sequence('${table}', 'id'), (select max(id) from ${table}))`);
  }
}
