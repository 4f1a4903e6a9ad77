import type { MikroORM } from '@mikro-orm/postgresql';
import { storeClosingBalances } from '../db/accounting/period-close';
import { num, query } from '../db/sql';

/** Journal lines in the month the bench closes (BENCH_CLOSE_LINES scales it down for a quick run). */
export const CLOSE_LINES = Number(process.env.BENCH_CLOSE_LINES ?? 1_000_000);
/** Lines per entry: two balanced pairs (Dr a / Cr b, Dr c / Cr d), as a payroll or an energy bill has. */
export const LINES_PER_ENTRY = 4;
/** The month before, already closed with its closing balances stored: the chain the proof checks starts there. */
export const PREVIOUS_PERIOD = '2018-05';
/** The month the bench closes. Before anything the demo seed posts (2019 on), so no earlier month is open. */
export const CLOSE_PERIOD = '2018-06';
/** The month after, open, with a hundredth of the lines: its trial balance opens from the closed month's balances. */
export const NEXT_PERIOD = '2018-07';
export const BENCH_SOURCE = 'bench-close';
/**
 * Production orders with a completion in the month (open, so their shares land in WIP): the labour and overhead the
 * month's lines leave on the pool accounts is distributed over them, as a close distributes it, so the proof holds
 * a real distribution entry to the shares the step reported.
 */
export const CLOSE_ORDERS = Number(process.env.BENCH_CLOSE_ORDERS ?? 200);

export interface PeriodCloseWorld {
  accounts: string[];
  lines: { previous: number; close: number; next: number };
  orders: number;
}

/**
 * The world, written in bulk SQL (a loader, not the code under test): balanced journal entries of 4 lines on the
 * accounts no subledger controls (bank, taxes, accruals, equity, revenue, cost and expense accounts: the
 * reconciliations hold without matching documents, and they read their control accounts over the whole ledger all
 * the same) in three months: PREVIOUS_PERIOD (1 %, closed by the loader with its closing balances stored, as its own
 * close would have), CLOSE_PERIOD (CLOSE_LINES, and CLOSE_ORDERS production orders in progress, each with one
 * completion report in the month: the absorption's targets) and NEXT_PERIOD (1 %, open). The load runs with triggers off
 * (session_replication_role = replica: the deferred per-row balance check would cost a minute at commit); every
 * entry balances by construction, and the close's proof checks each one. Vacuumed and analyzed afterwards, as
 * autovacuum would have left the tables.
 */
export async function loadPeriodCloseWorld(orm: MikroORM): Promise<PeriodCloseWorld> {
  const accounts = (
    await query<{ code: string }>(
      orm.em.fork(),
      `select code from account where not subledger_controlled and code <> '3100' order by code`,
    )
  ).map((row) => row.code);
  const small = Math.max(LINES_PER_ENTRY, Math.round(CLOSE_LINES / 100 / LINES_PER_ENTRY) * LINES_PER_ENTRY);
  const close = Math.ceil(CLOSE_LINES / LINES_PER_ENTRY) * LINES_PER_ENTRY;
  await orm.em.fork().transactional(async (em) => {
    await query(em, 'set local session_replication_role = replica');
    for (const code of [PREVIOUS_PERIOD, CLOSE_PERIOD, NEXT_PERIOD]) {
      await query(
        em,
        `insert into accounting_period (code, starts_on, ends_on, status)
         values (?, to_date(?, 'YYYY-MM'), (to_date(?, 'YYYY-MM') + interval '1 month - 1 day')::date, 'open')
         on conflict (code) do nothing`,
        [code, code, code],
      );
    }
    for (const [code, lines] of [
      [PREVIOUS_PERIOD, small],
      [CLOSE_PERIOD, close],
      [NEXT_PERIOD, small],
    ] as const) {
      await loadMonth(em, code, lines / LINES_PER_ENTRY, accounts);
    }
    await loadOrders(em, CLOSE_ORDERS);
  });
  await query(orm.em.fork(), `select setval('journal_entry_id_seq', (select max(id) from journal_entry))`);
  await query(orm.em.fork(), `select setval('journal_line_id_seq', (select max(id) from journal_line))`);
  // The month before is closed as its own close leaves it: balances stored, status closed.
  await orm.em.fork().transactional(async (em) => {
    await storeClosingBalances(em, PREVIOUS_PERIOD);
    await query(
      em,
      `update accounting_period set status = 'closed', closed_at = now(), closed_by = 'bench' where code = ?`,
      [PREVIOUS_PERIOD],
    );
  });
  await query(orm.em.fork(), 'vacuum analyze journal_entry');
  await query(orm.em.fork(), 'vacuum analyze journal_line');
  await query(orm.em.fork(), 'analyze');
  return { accounts, lines: { previous: small, close, next: small }, orders: CLOSE_ORDERS };
}

/** `count` production orders in progress, each with a completion of 1 to 7 good units dated in CLOSE_PERIOD. */
async function loadOrders(em: Parameters<typeof query>[0], count: number): Promise<void> {
  const [ids] = await query<{ item: number; warehouse: number }>(
    em,
    `select (select id from item order by id limit 1) as item, (select id from warehouse order by id limit 1) as warehouse`,
  );
  await query(
    em,
    `insert into production_order (number, item_id, quantity, warehouse_id, due_date, start_date, status, created_by,
                                   created_at, updated_at)
     select 'BENCH-MO-' || lpad(g::text, 6, '0'), ?, 10, ?, to_date(?, 'YYYY-MM') + 27, to_date(?, 'YYYY-MM'),
            'in-progress', 'bench', now(), now()
       from generate_series(1, ?) g`,
    [ids?.item, ids?.warehouse, CLOSE_PERIOD, CLOSE_PERIOD, count],
  );
  await query(
    em,
    `insert into production_report (production_order_id, kind, operation_seq, good_quantity, scrap_quantity,
                                    labour_hours, reported_by, reported_at, task_id)
     select o.id, 'completion', null, 1 + o.id % 7, 0, null, 'bench',
            (to_date(?, 'YYYY-MM') + (o.id % 28) + interval '14 hours')::timestamp at time zone 'UTC',
            'bench-close-completion-' || o.id
       from production_order o where o.number like 'BENCH-MO-%'`,
    [CLOSE_PERIOD],
  );
}

/**
 * `entries` balanced entries of LINES_PER_ENTRY lines dated over the month `code` (ids computed from the current
 * maxima, so the lines refer to them without a join); amounts of 0.01 to 1,000.00 spread over the accounts.
 */
async function loadMonth(
  em: Parameters<typeof query>[0],
  code: string,
  entries: number,
  accounts: string[],
): Promise<void> {
  const [bases] = await query<{ entry: string; line: string }>(
    em,
    `select coalesce((select max(id) from journal_entry), 0) as entry,
            coalesce((select max(id) from journal_line), 0) as line`,
  );
  const entryBase = num(bases?.entry);
  const lineBase = num(bases?.line);
  await query(
    em,
    `insert into journal_entry (id, entry_date, period_code, source_type, source_ref, description, idempotency_key,
                                created_by, created_at)
     select ? + g, (to_date(?, 'YYYY-MM') + (g % 28) + interval '12 hours')::timestamp at time zone 'UTC', ?,
            '${BENCH_SOURCE}', ? || '-' || g, 'Bench entry ' || g, '${BENCH_SOURCE}:' || ? || ':' || g, 'bench', now()
       from generate_series(1, ?) g`,
    [entryBase, code, code, code, code, entries],
  );
  // Line k of entry g: pairs (1, 2) and (3, 4) each move one amount from one account to another.
  const n = accounts.length;
  await query(
    em,
    `insert into journal_line (id, entry_id, account_code, debit, credit, memo)
     select ? + (g - 1) * ${LINES_PER_ENTRY} + k, ? + g,
            (?::text[])[1 + (g * 7 + k * 3 + (k % 2) * 5) % ${n}],
            case when k % 2 = 1 then amount else 0 end, case when k % 2 = 0 then amount else 0 end, null
       from generate_series(1, ?) g cross join generate_series(1, ${LINES_PER_ENTRY}) k
      cross join lateral (select (1 + ((g * 7919 + (k + 1) / 2 * 104729) % 100000))::numeric / 100 as amount) a
      order by g, k`,
    [lineBase, entryBase, `{${accounts.join(',')}}`, entries],
  );
}
