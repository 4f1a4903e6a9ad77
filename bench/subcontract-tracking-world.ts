import type { MikroORM } from '@mikro-orm/postgresql';
import { query } from '../db/sql';

/** Sizes of the subcontract tracking bench world (BENCH_SC_ORDERS / BENCH_SC_MOVES scale it down for a quick run). */
export const SC_ORDERS = Number(process.env.BENCH_SC_ORDERS ?? 10_000);
export const SC_MOVES = Number(process.env.BENCH_SC_MOVES ?? 1_000_000);
export const SC_SUPPLIERS = 200;
export const SC_FINISHED = 500;
export const SC_COMPONENTS = 2_000;
/** Component lines per order. */
export const SC_LINES = 3;

export const scSupplierCode = (i: number): string => `BSC-${String(i).padStart(3, '0')}`;

/**
 * The world, written in bulk SQL (a loader, not the code under test): 200 suppliers each with its site SUP-<code>, 500
 * finished and 2,000 component items with valuation sub-ledger rows, 10,000 subcontract orders of 3 component lines
 * (due dates over a year around today, every status, running totals the constraints allow), a delivery for every
 * other order, the supplier's fee invoices for most of those deliveries (loadFeeInvoices), 10,000 at-supplier balances
 * beside 40,000 available ones, and a stock-move ledger of 1,000,000 lines (the report must not read it; it is there so
 * stock tables have production size). Analyzed afterwards.
 */
export async function loadSubcontractTrackingWorld(orm: MikroORM): Promise<void> {
  const em = orm.em.fork();
  const run = (sql: string, params: unknown[] = []) => query(em, sql, params);
  await run(
    `insert into supplier (code, name, trusted, payment_terms_days, active, created_at)
     select 'BSC-' || lpad(g::text, 3, '0'), 'Bench subcontractor ' || g, false, 30, true, now()
       from generate_series(1, ?) g`,
    [SC_SUPPLIERS],
  );
  await run(
    `insert into warehouse (code, name, priority, virtual, active)
     select 'SUP-' || code, 'Site of ' || code, 900, false, true from supplier where code like 'BSC-%'`,
  );
  await run(
    `insert into location (code, warehouse_id, type, pick_sequence, active)
     select code || '-01', id, 'storage', 0, true from warehouse where code like 'SUP-BSC-%'`,
  );
  await run(
    `insert into item (sku, name, uom, category, lot_tracked, lead_time_days, supply_type, allow_negative_stock,
                       valuation_method, valued_per_warehouse, list_price, created_at)
     select 'BSC-FG-' || lpad(g::text, 4, '0'), 'Bench finished ' || g, 'pcs', 'bench', false, 5, 'subcontract', false,
            'fifo', false, 20, now() from generate_series(1, ?) g
     union all
     select 'BSC-C-' || lpad(g::text, 4, '0'), 'Bench component ' || g, 'pcs', 'bench', false, 5, 'buy', false,
            'fifo', false, 5, now() from generate_series(1, ?) g`,
    [SC_FINISHED, SC_COMPONENTS],
  );
  await run(
    `insert into item_valuation (item_id, warehouse_id, quantity, value, updated_at)
     select id, null, 1000, 1000 * (1 + id % 17), now() from item where sku like 'BSC-C-%'`,
  );
  await loadOrders(run);
  await loadFeeInvoices(run);
  await loadStock(run);
  await run('analyze');
}

async function loadOrders(run: (sql: string, params?: unknown[]) => Promise<unknown>): Promise<void> {
  // Statuses in proportions a running business has: most orders finished, a fifth out at suppliers.
  await run(
    `insert into subcontract_order (order_number, supplier_id, item_id, quantity, due_date, fee_per_unit, warehouse_id,
                                    status, workflow_id, created_by, created_at, updated_at)
     select 'BSC-' || lpad(g::text, 6, '0'), s.id, i.id, 10 + g % 90, current_date + (g % 365) - 180, 2.5, w.id,
            (array['draft','approved','at-supplier','at-supplier','partly-received','received','closed','closed',
                   'closed','cancelled'])[1 + g % 10],
            'subcontract-order:BSC-' || lpad(g::text, 6, '0'), 'bench', now(), now()
       from generate_series(1, ?) g
       join supplier s on s.code = 'BSC-' || lpad((1 + g % ${SC_SUPPLIERS})::text, 3, '0')
       join item i on i.sku = 'BSC-FG-' || lpad((1 + g % ${SC_FINISHED})::text, 4, '0')
       cross join (select id from warehouse where code = 'MAIN') w`,
    [SC_ORDERS],
  );
  await run(
    `insert into subcontract_order_component (order_id, line_no, item_id, quantity_per, scrap_percent, provision,
                                              required_quantity, sent_quantity, consumed_quantity, scrapped_quantity,
                                              returned_quantity)
     select o.id, k, c.id, 1, 0, 'ours', o.quantity,
            case when o.status in ('draft', 'approved', 'cancelled') then 0 else o.quantity end,
            case when o.status in ('received', 'closed') then o.quantity - 1
                 when o.status = 'partly-received' then floor(o.quantity / 2) else 0 end,
            case when o.status in ('received', 'closed') then 1 else 0 end, 0
       from subcontract_order o cross join generate_series(1, ${SC_LINES}) k
       join item c on c.sku = 'BSC-C-' || lpad((1 + (o.id * ${SC_LINES} + k) % ${SC_COMPONENTS})::text, 4, '0')
      where o.order_number like 'BSC-%'`,
  );
  await run(
    `insert into subcontract_delivery (order_id, delivery_no, finished_quantity, lot_code, received_at, reported_consumed,
                                       reported_scrapped, reported_returned, fee_accrued, status, idempotency_key, created_at)
     select o.id, 1, greatest(1, floor(o.quantity / 2)), null, now(), '[]', '[]', '[]', 2.5 * floor(o.quantity / 2),
            'received', 'bench:' || o.order_number, now()
       from subcontract_order o
      where o.order_number like 'BSC-%' and o.status in ('partly-received', 'received', 'closed')`,
  );
}

/** Fee invoices' tax rate, in percent as the invoice lines store it. */
const FEE_TAX_RATE = 19;

/**
 * The supplier's processing-fee invoices, as a posted fee invoice leaves them (activities/invoicing/post-fee-invoice.ts):
 * a posted supplier_invoice against the subcontract order, one line against its delivery for the delivered quantity,
 * and the line's subcontract_fee_settlement (accrual cleared, net invoiced, the difference and where it went, in the
 * same words), which the report's invoiced fees and fee difference read. Most deliveries are invoiced, as fees arrive
 * after the goods: every closed order's, every other received one's, every third partly received one's; every seventh
 * at 2.75 instead of the 2.50 accrued, its difference on hand. Like the world's deliveries, whose accruals have no
 * entries, the invoices book none (journal_entry_id null): the report reads the documents, not the ledger.
 */
async function loadFeeInvoices(run: (sql: string, params?: unknown[]) => Promise<unknown>): Promise<void> {
  const invoiced = `(o.status = 'closed' or (o.status = 'received' and o.id / 10 % 2 = 0)
                     or (o.status = 'partly-received' and o.id / 10 % 3 = 0))`;
  const price = 'case when o.id % 7 = 0 then 2.75 else 2.5 end';
  const net = `round(d.finished_quantity * ${price}, 2)`;
  const tax = `round(${net} * ${FEE_TAX_RATE} / 100, 2)`;
  const invoiceNumber = `'F-' || o.order_number`;
  const deliveries = `from subcontract_order o join subcontract_delivery d on d.order_id = o.id and d.delivery_no = 1
      where o.order_number like 'BSC-%' and ${invoiced}`;
  await run(
    `insert into supplier_invoice (invoice_number, supplier_id, subcontract_order_id, invoice_date, due_date, net_total,
                                   tax_total, gross_total, paid_amount, status, workflow_id, created_by, created_at,
                                   decided_at, decided_by)
     select ${invoiceNumber}, o.supplier_id, o.id, current_date - o.id % 20, current_date - o.id % 20 + 30, ${net},
            ${tax}, ${net} + ${tax}, 0, 'posted',
            'supplier-invoice:' || (select code from supplier where id = o.supplier_id) || '-' || ${invoiceNumber},
            'bench', now(), now(), 'bench'
       ${deliveries}`,
  );
  await run(
    `insert into supplier_invoice_line (invoice_id, line_no, subcontract_delivery_id, quantity, unit_price_net,
                                        net_amount, tax_rate, tax_amount)
     select si.id, 1, d.id, d.finished_quantity, ${price}, ${net}, ${FEE_TAX_RATE}, ${tax}
       ${deliveries.replace('where', 'join supplier_invoice si on si.subcontract_order_id = o.id where')}`,
  );
  const difference = `(${net} - d.fee_accrued)`;
  const money = (amount: string) => `to_char(${amount}, 'FM999999990.00')`;
  await run(
    `insert into subcontract_fee_settlement (invoice_line_id, delivery_id, quantity, accrued_cleared, invoiced_net,
                                             difference, on_hand, issued, explanation, journal_entry_id, created_at)
     select il.id, d.id, d.finished_quantity, d.fee_accrued, ${net}, ${difference}, ${difference}, '{}'::jsonb,
            'Delivery 1, ' || trim_scale(d.finished_quantity) || ' invoiced: ' ||
            case when ${difference} = 0 then 'fee as accrued: no difference'
                 else 'fee difference +' || ${money(difference)} || ': ' || ${money(difference)} || ' on hand' end,
            null, now()
       ${deliveries.replace('where', 'join supplier_invoice_line il on il.subcontract_delivery_id = d.id where')}`,
  );
}

async function loadStock(run: (sql: string, params?: unknown[]) => Promise<unknown>): Promise<void> {
  // 50 components at each supplier's site, and every component in 20 of the main warehouse's bins.
  await run(
    `insert into stock_balance (item_id, location_id, lot_id, status, quantity, reserved_quantity, updated_at)
     select c.id, l.id, null, 'at-supplier', 1 + (c.id + l.id) % 40, 0, now()
       from (select l.id, row_number() over (order by l.id) as n from location l
              join warehouse w on w.id = l.warehouse_id where w.code like 'SUP-BSC-%') l
       join lateral (select id from item where sku like 'BSC-C-%' order by id offset (l.n * 7) % 1950 limit 50) c on true`,
  );
  await run(
    `insert into stock_balance (item_id, location_id, lot_id, status, quantity, reserved_quantity, updated_at)
     select c.id, l.id, null, 'available', 100, 0, now()
       from item c cross join (select l.id from location l join warehouse w on w.id = l.warehouse_id
                                where w.code = 'MAIN' and not w.virtual order by l.id limit 20) l
      where c.sku like 'BSC-C-%'`,
  );
  await run(
    `insert into stock_move (move_type, item_id, lot_id, from_location_id, to_location_id, from_status, to_status,
                             quantity, effective_at, document_type, document_ref, line_no, user_name, idempotency_key,
                             created_at)
     select 'receipt', c.id, null, null, l.id, null, 'available', 1 + g % 50,
            now() - make_interval(mins => g), 'bench', 'BSC-MOVE-' || g, null, 'bench-load', 'bsc-move:' || g, now()
       from generate_series(1, ?) g
       join item c on c.sku = 'BSC-C-' || lpad((1 + g % ${SC_COMPONENTS})::text, 4, '0')
       cross join (select min(l.id) as id from location l join warehouse w on w.id = l.warehouse_id
                    where w.code = 'MAIN') l`,
    [SC_MOVES],
  );
}
