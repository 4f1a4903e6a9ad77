import type { EntityManager } from '@mikro-orm/postgresql';
import { insertProductionCost } from '../repositories/production-cost-repository';
import { num, query } from '../sql';
import { postJournal, type JournalLineInput } from './journal';
import { COMPANY_TIME_ZONE } from './periods';
import type { AbsorptionDistribution, AbsorptionTarget } from '../../rules/cost-distribution';

/**
 * Step 4 of the period close (issue 17): labour and overhead distribution. Per pool (labour: 6200 against applied
 * 6210; overhead: 6000–6099 against applied 6100), what the pool accounts hold in the period less what the production
 * orders applied in it (the applied account's credits) is spread over the period's production orders (those with
 * a cost or a report dated in the month) by the cost-distribution rules; each share lands where the order's goods
 * are: an order still open (not closed or cancelled: completed-but-not-closed included, its close posts the remainder
 * as variance) -> its WIP (1400, with a production_cost row so the WIP subledger holds); a closed order's share follows
 * the goods its completions received (`followClosed`, the after-the-fact rule: still on hand -> their layer re-valued
 * (1300), shipped -> COGS, issued to another order -> its WIP or variance), and what no goods carry (a cancelled order,
 * completions without a receipt) -> production variance (5500). The applied accounts are cleared against the pools. One
 * balanced entry per close attempt (key `<workflowId>:absorption`, i.e. `period-close:<code>:<attempt>:absorption`),
 * dated at the period's last second. The balances are read net within the period, so a later attempt (after a
 * reopen) distributes only what the pools hold now. A pool with no order to carry it is left as it stands.
 */

export const LABOUR_POOL = { pool: 'labour', actual: ['6200', '6200'], applied: '6210' } as const;
export const OVERHEAD_POOL = { pool: 'overhead', actual: ['6000', '6099'], applied: '6100' } as const;
const POOLS = [LABOUR_POOL, OVERHEAD_POOL];
export const WIP_ACCOUNT = '1400';
export const PRODUCTION_VARIANCE = '5500';

export type AbsorptionPool = 'labour' | 'overhead';

/** One order's share of a pool. Amounts in currency units. */
export interface AbsorptionShare {
  orderNumber: string;
  basisValue: number;
  share: number;
  /** 1400 (open order's WIP), 5500 (variance) or, for a closed order's goods, the account that took most of it. */
  account: string;
  /** Where a closed order's share went with its goods, per account (absent when one account took it all). */
  landed?: Array<{ account: string; amount: number }>;
}

/**
 * Where a closed order's share goes with its goods, computed in the close's transaction (layers re-valued there):
 * cents per account (1300 for what is on hand), and `record` to write the production issues' shares once the entry
 * is posted. Null when the order received no goods to carry it (its share goes to variance).
 */
export interface FollowedShare {
  byAccount: Record<string, number>;
  record: (entryId: number | null) => Promise<void>;
}

export type FollowClosed = (
  order: { orderId: number; orderNumber: string; key: string },
  cents: number,
  at: Date,
) => Promise<FollowedShare | null>;

/** One pool's distribution as the close shows it. Amounts in currency units. */
export interface PoolAbsorption {
  pool: AbsorptionPool;
  /** What the pool accounts hold in the period (net debit). */
  actual: number;
  /** What the orders applied in the period (net credit of the applied account). */
  applied: number;
  /** actual − applied: what was distributed (0 when nothing could carry it). */
  distributed: number;
  /** True when the pool had a difference but no order could carry it: the pool is left as it stands. */
  leftInPool: boolean;
  ruleVersion: number | null;
  rule: string | null;
  basis: string | null;
  rounding: string;
  reason: string;
  decisionId: number | null;
  shares: AbsorptionShare[];
}

/** Step 4's result, shown in the close status as `absorption`. */
export interface CloseAbsorption {
  periodCode: string;
  idempotencyKey: string;
  entryId: number | null;
  entryDate: string;
  orders: number;
  pools: PoolAbsorption[];
}

/** What the rules decide for a pool: the distribution and the stored decision record. */
export interface AbsorptionDecision {
  distribution: AbsorptionDistribution;
  decisionId: number | null;
  /** Facts, fired and rejected rules, outranked rules and the reason: stored with each share. */
  record: Record<string, unknown>;
}

export type DecideAbsorption = (
  pool: AbsorptionPool,
  amountCents: number,
  targets: AbsorptionTarget[],
) => Promise<AbsorptionDecision>;

const PERIOD_START = `(to_date(?, 'YYYY-MM')::timestamp at time zone ${COMPANY_TIME_ZONE})`;
const PERIOD_END = `((to_date(?, 'YYYY-MM') + interval '1 month')::timestamp at time zone ${COMPANY_TIME_ZONE})`;
const cents = (value: unknown) => Math.round(num(value) * 100);
const money = (value: number) => value / 100;

interface OrderRow extends AbsorptionTarget {
  orderId: number;
  status: string;
}

/** The period's production orders (a cost or a report dated in the month) with their basis values in it. */
export async function periodOrders(em: EntityManager, code: string): Promise<OrderRow[]> {
  const rows = await query<{
    id: number;
    number: string;
    status: string;
    completed: string;
    material: string;
    hours: string;
  }>(
    em,
    `with bounds as (select ${PERIOD_START} as s, ${PERIOD_END} as e),
          costs as (select c.production_order_id as id,
                           sum(c.amount) filter (where c.kind in ('material', 'backflush', 'return')) as material
                      from production_cost c, bounds b
                     where c.effective_at >= b.s and c.effective_at < b.e and c.kind <> 'absorption'
                     group by c.production_order_id),
          reports as (select r.production_order_id as id,
                             sum(r.good_quantity) filter (where r.kind = 'completion') as completed,
                             sum(r.labour_hours) filter (where r.kind = 'operation') as hours
                        from production_report r, bounds b
                       where r.reported_at >= b.s and r.reported_at < b.e
                       group by r.production_order_id)
     select o.id, o.number, o.status, coalesce(r.completed, 0) as completed, coalesce(c.material, 0) as material,
            coalesce(r.hours, 0) as hours
       from production_order o left join costs c on c.id = o.id left join reports r on r.id = o.id
      where c.id is not null or r.id is not null
      order by o.number`,
    [code, code],
  );
  return rows.map((row) => ({
    orderId: num(row.id),
    id: row.number,
    status: row.status,
    completedQuantity: num(row.completed),
    materialCents: cents(row.material),
    labourHours: num(row.hours),
  }));
}

/** Net debit per account of the pool in the period (the actual accounts), and the applied account's net credit. */
async function poolBalances(em: EntityManager, code: string, spec: (typeof POOLS)[number]) {
  const rows = await query<{ account_code: string; net: string }>(
    em,
    `select jl.account_code, sum(jl.debit - jl.credit) as net
       from journal_line jl join journal_entry je on je.id = jl.entry_id
      where je.period_code = ? and ((jl.account_code between ? and ? and length(jl.account_code) = 4)
                                    or jl.account_code = ?)
      group by jl.account_code order by jl.account_code`,
    [code, spec.actual[0], spec.actual[1], spec.applied],
  );
  const actualByAccount = rows
    .filter((row) => row.account_code !== spec.applied)
    .map((row) => ({ account: row.account_code, cents: cents(row.net) }))
    .filter((row) => row.cents !== 0);
  const applied = -cents(rows.find((row) => row.account_code === spec.applied)?.net ?? 0) || 0;
  return { actualByAccount, actual: actualByAccount.reduce((sum, row) => sum + row.cents, 0), applied };
}

/** Signed cents (debit positive) per account, as journal lines. */
function toLines(signed: Map<string, number>, memo: Map<string, string>): JournalLineInput[] {
  return [...signed.entries()]
    .filter(([, value]) => value !== 0)
    .map(([account, value]) =>
      value > 0
        ? { account, debitCents: value, memo: memo.get(account) }
        : { account, creditCents: -value, memo: memo.get(account) },
    );
}

/**
 * Runs step 4 in the caller's transaction (the caller makes it run once per attempt): decides each pool by the rules,
 * posts the one entry, books the open orders' WIP shares and stores every share with its decision.
 */
export async function absorbLabourAndOverhead(
  em: EntityManager,
  input: { code: string; workflowId: string; attempt: number; createdBy: string },
  decide: DecideAbsorption,
  followClosed?: FollowClosed,
): Promise<CloseAbsorption> {
  const key = `${input.workflowId}:absorption`;
  const [end] = await query<{ at: Date }>(em, `select ${PERIOD_END} - interval '1 second' as at`, [input.code]);
  const entryDate = new Date(end!.at);
  const orders = await periodOrders(em, input.code);
  const byNumber = new Map(orders.map((o) => [o.id, o]));
  const destination = (order: OrderRow) =>
    order.status === 'closed' || order.status === 'cancelled' ? PRODUCTION_VARIANCE : WIP_ACCOUNT;
  const signed = new Map<string, number>();
  const memo = new Map<string, string>();
  const add = (account: string, value: number, text: string) => {
    signed.set(account, (signed.get(account) ?? 0) + value);
    if (!memo.has(account)) memo.set(account, text);
  };
  const pools: PoolAbsorption[] = [];
  const pending: Array<{ pool: PoolAbsorption; decision: AbsorptionDecision; actual: number; applied: number }> = [];
  const followed: FollowedShare[] = [];
  for (const spec of POOLS) {
    const { actualByAccount, actual, applied } = await poolBalances(em, input.code, spec);
    const difference = actual - applied;
    const decision = difference !== 0 && orders.length > 0 ? await decide(spec.pool, difference, orders) : null;
    const distribution = decision?.distribution ?? null;
    const carried = difference === 0 || (distribution !== null && distribution.shares.length > 0);
    const pool: PoolAbsorption = {
      pool: spec.pool,
      actual: money(actual),
      applied: money(applied),
      distributed: carried ? money(difference) : 0,
      leftInPool: !carried,
      ruleVersion: distribution?.version ?? null,
      rule: distribution?.rule ?? null,
      basis: distribution?.basis ?? null,
      rounding: distribution?.rounding ?? 'largest-remainder',
      reason:
        distribution?.reason ??
        (difference === 0
          ? `${spec.pool}: actual equals applied, the applied account is cleared against the pool`
          : `${spec.pool}: no production order has activity in ${input.code}; the pool is left as it stands`),
      decisionId: decision?.decisionId ?? null,
      shares: [],
    };
    pools.push(pool);
    if (!carried) continue;
    add(spec.applied, applied, `${spec.pool} applied in ${input.code} cleared`);
    for (const row of actualByAccount) add(row.account, -row.cents, `${spec.pool} pool of ${input.code} cleared`);
    // Material cost is decided in cents (the rules' facts); the step reports every amount in currency units.
    const basisValueOf = (value: number) => (distribution?.basis === 'material-cost' ? money(value) : value);
    for (const share of distribution?.shares ?? []) {
      const order = byNumber.get(share.id)!;
      let account = destination(order);
      const goods =
        order.status === 'closed' && followClosed && share.cents !== 0
          ? await followClosed(
              { orderId: order.orderId, orderNumber: order.id, key: `${key}:${spec.pool}:${order.id}` },
              share.cents,
              entryDate,
            )
          : null;
      if (goods) {
        followed.push(goods);
        const landed = Object.entries(goods.byAccount)
          .filter(([, cents]) => cents !== 0)
          .sort((a, b) => Math.abs(b[1]) - Math.abs(a[1]) || a[0].localeCompare(b[0]));
        account = landed[0]?.[0] ?? PRODUCTION_VARIANCE;
        for (const [to, cents] of landed) add(to, cents, `${spec.pool} absorbed by closed orders' goods`);
        pool.shares.push({
          orderNumber: share.id,
          basisValue: basisValueOf(share.basisValue),
          share: money(share.cents),
          account,
          ...(landed.length > 1
            ? { landed: landed.map(([to, cents]) => ({ account: to, amount: money(cents) })) }
            : {}),
        });
        continue;
      }
      pool.shares.push({
        orderNumber: share.id,
        basisValue: basisValueOf(share.basisValue),
        share: money(share.cents),
        account,
      });
      add(
        account,
        share.cents,
        account === WIP_ACCOUNT
          ? `${spec.pool} absorbed into open orders' WIP`
          : `${spec.pool} absorbed by closed orders`,
      );
    }
    if (decision) pending.push({ pool, decision, actual, applied });
  }
  const entryId = await postJournal(em, {
    entryDate,
    sourceType: 'period-close',
    sourceRef: input.workflowId,
    description: `Labour and overhead distribution of ${input.code} (attempt ${input.attempt})`,
    lines: toLines(signed, memo),
    idempotencyKey: key,
    createdBy: input.createdBy,
    access: 'close',
  });
  for (const goods of followed) await goods.record(entryId);
  for (const { pool, decision, actual, applied } of pending) {
    for (const share of pool.shares) {
      const order = byNumber.get(share.orderNumber)!;
      const shareCents = Math.round(share.share * 100);
      // Only an open order's own WIP: a closed order's goods issued into another order were recorded on that one.
      if (destination(order) === WIP_ACCOUNT && shareCents !== 0) {
        await insertProductionCost(
          em,
          {
            orderId: order.orderId,
            kind: 'absorption',
            amountCents: shareCents,
            journalEntryId: entryId,
            reportedBy: input.createdBy,
            effectiveAt: entryDate,
            idempotencyKey: `${key}:${pool.pool}:${share.orderNumber}`,
          },
          { onConflict: 'skip' },
        );
      }
      await query(
        em,
        `insert into period_close_absorption (period_code, workflow_id, attempt, pool, order_number, actual, applied,
                basis, basis_value, share, account_code, journal_entry_id, decision_id, rule_set_id, rule_version, rule,
                reason, decision, created_at)
         values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, now())
         on conflict (workflow_id, pool, order_number) do nothing`,
        [
          input.code,
          input.workflowId,
          input.attempt,
          pool.pool,
          share.orderNumber,
          money(actual),
          money(applied),
          pool.basis,
          share.basisValue,
          share.share,
          share.account,
          entryId,
          decision.decisionId,
          decision.distribution.ruleSetId,
          decision.distribution.version,
          decision.distribution.rule,
          pool.reason.slice(0, 1000),
          JSON.stringify(share.landed ? { ...decision.record, landed: share.landed } : decision.record),
        ],
      );
    }
  }
  return {
    periodCode: input.code,
    idempotencyKey: key,
    entryId,
    entryDate: entryDate.toISOString(),
    orders: orders.length,
    pools,
  };
}
