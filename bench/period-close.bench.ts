import type { MikroORM } from '@mikro-orm/postgresql';
import { createActivities } from '../activities';
import { inSnapshot } from '../api/reports/report-list';
import { closingTrialBalance, type ClosingTrialBalance } from '../db/accounting/closing-trial-balance';
import { num, query } from '../db/sql';
import { note, percentile, report, timed, type Baseline } from './harness';
import { CLOSE_PERIOD, loadPeriodCloseWorld, NEXT_PERIOD, PREVIOUS_PERIOD } from './period-close-world';

const TB_SAMPLES = Number(process.env.BENCH_CLOSE_TB_SAMPLES ?? 10);
const CLOSE_TARGET = { text: '< 60 s', met: (value: number) => value < 60 };
const TB_TARGET = { text: '< 1000 ms', met: (value: number) => value < 1000 };
/** The bound: one aggregate over every journal line, no join, no filter. */
const SUM_ALL = 'select account_code, sum(debit), sum(credit) from journal_line group by account_code';

/**
 * The period close (issue 17) of a month of CLOSE_LINES journal lines: its machine steps through the same activities
 * the workflow (workflows/period-close) calls, in its order — soft lock, preconditions, the five subledger
 * reconciliations, labour and overhead absorption, the variance report, the fiscal year end, the closing balances, the
 * proof (given the absorption's and the year end's results, as the workflow gives them) and, after a controller's
 * approval (a person: not timed), the hard lock — timed end to end, once, against the
 * plain SUM ... GROUP BY over all lines in the same run (median of 3; target < 60 s). Then the trial balance from the closing balances
 * (closingTrialBalance, as GET /api/reports/trial-balance/closing reads it) of the closed month (the previous month's
 * stored closing plus the month's own lines) and of the month after it (the closed month's stored closing plus its
 * own), each the median of TB_SAMPLES alternated with the same SUM (target < 1 s).
 */
export async function periodCloseBench(orm: MikroORM): Promise<void> {
  const loadStarted = performance.now();
  const world = await loadPeriodCloseWorld(orm);
  const [counts] = await query<{ lines: string; entries: string }>(
    orm.em.fork(),
    'select (select count(*) from journal_line) as lines, (select count(*) from journal_entry) as entries',
  );
  note(
    `loaded ${world.lines.close} journal lines in ${CLOSE_PERIOD} (${world.lines.close / 4} entries of 4 lines on ` +
      `${world.accounts.length} accounts without a subledger, ${world.orders} production orders completing in it), ` +
      `${world.lines.previous} in ${PREVIOUS_PERIOD} (closed) ` +
      `and ${world.lines.next} in ${NEXT_PERIOD}; ledger ${num(counts?.lines)} lines in ${num(counts?.entries)} ` +
      `entries, in ${((performance.now() - loadStarted) / 1000).toFixed(1)} s`,
  );

  const sumAll = () => query(orm.em.fork(), SUM_ALL);
  await sumAll(); // pages in the cache, for both alike
  const sums: number[] = [];
  for (let i = 0; i < 3; i += 1) sums.push(await timed(sumAll));

  const activities = createActivities({ orm });
  const workflowId = `period-close:${CLOSE_PERIOD}:1`;
  const code = { periodCode: CLOSE_PERIOD, workflowId };
  const started = { attempt: 1, startedBy: 'bench-controller' };
  const steps: Array<[string, number]> = [];
  const step = async <T>(name: string, work: () => Promise<T>): Promise<T> => {
    const begun = performance.now();
    const result = await work();
    steps.push([name, performance.now() - begun]);
    return result;
  };
  const closeStarted = performance.now();
  await step('soft lock', () => activities.softLockForClose({ ...code, startedBy: started.startedBy }));
  const blockers = await step('preconditions', () => activities.checkClosePreconditions(code));
  if (blockers.length > 0) throw new Error(`the close is blocked: ${blockers.map((b) => b.message).join('; ')}`);
  const reconciliations = await step('reconciliations', () => activities.reconcileCloseSubledgers(code));
  const failing = reconciliations.filter((r) => !r.reconciled);
  if (failing.length > 0)
    throw new Error(`reconciliations fail: ${failing.map((r) => `${r.name} ${r.difference}`).join(', ')}`);
  const absorption = await step('absorption', () => activities.absorbCloseOverhead({ ...code, ...started }));
  await step('variance report', () => activities.reportCloseVariances(code));
  const yearEnd = await step('year end', () => activities.closeFiscalYearEnd({ ...code, ...started }));
  const balances = await step('closing balances', () => activities.storeCloseBalances(code));
  // The proof as the workflow runs it: held to the steps' own results (the distribution's and the year end's entries
  // exist and post what the steps reported), not only to the ledger's totals.
  const proof = await step('proof', () =>
    activities.proveCloseBooks({ ...code, yearEndStep: true, steps: { absorption, yearEnd } }),
  );
  if (!proof.holds) throw new Error(`the proof fails: ${proof.problems.join('; ')}`);
  // Nothing distributed would leave the proof's step check with nothing to hold: the world's pools must reach orders.
  if (absorption.entryId === null || absorption.pools.every((pool) => pool.shares.length === 0))
    throw new Error(`the absorption distributed nothing: ${absorption.pools.map((p) => p.reason).join('; ')}`);
  await step('hard lock', () =>
    activities.hardLockClosedPeriod({ ...code, approvedBy: 'bench-approver', startedBy: started.startedBy }),
  );
  const closeMs = performance.now() - closeStarted;
  const sumBaseline: Baseline = {
    name: `SUM ... GROUP BY over all ${num(counts?.lines)} lines`,
    value: percentile(sums, 50) / 1000,
    unit: 's',
  };
  report(`period close of ${world.lines.close} lines`, closeMs / 1000, 's', sumBaseline, CLOSE_TARGET);
  note(steps.map(([name, ms]) => `${name} ${ms.toFixed(0)} ms`).join(', '));
  note(
    `proof: period Dr ${proof.periodDebit.toFixed(2)} = Cr ${proof.periodCredit.toFixed(2)}, ${balances.accounts} ` +
      `closing balances, absorption ${absorption.pools.map((p) => `${p.pool} ${p.distributed.toFixed(2)} over ${p.shares.length} orders`).join(', ')} (entry ${absorption.entryId}, held to its shares)` +
      `${yearEnd.note ? `; year end: ${yearEnd.note}` : ''}`,
  );

  for (const [period, label] of [
    [CLOSE_PERIOD, `the closed month ${CLOSE_PERIOD} (opening from ${PREVIOUS_PERIOD}'s closing, its own lines)`],
    [NEXT_PERIOD, `the month after, ${NEXT_PERIOD} (opening from ${CLOSE_PERIOD}'s closing, its own lines)`],
  ] as const) {
    const read = () => inSnapshot(orm, (em) => closingTrialBalance(em, period));
    const first = await read();
    check(first, period);
    const times = { tb: [] as number[], sum: [] as number[] };
    for (let i = 0; i < TB_SAMPLES; i += 1) {
      times.sum.push(await timed(sumAll));
      times.tb.push(await timed(read));
    }
    report(
      `trial balance from the closing balances, ${period} p50`,
      percentile(times.tb, 50),
      'ms',
      { name: 'SUM ... GROUP BY over all lines p50', value: percentile(times.sum, 50), unit: 'ms' },
      TB_TARGET,
    );
    note(
      `${label}: ${first?.accounts.length} accounts, p95 ${percentile(times.tb, 95).toFixed(0)} ms over ` +
        `${TB_SAMPLES} samples`,
    );
  }
}

/** The trial balance must balance, and open from the closing balances the world and the close stored. */
function check(tb: ClosingTrialBalance | null, period: string): void {
  const from = period === CLOSE_PERIOD ? PREVIOUS_PERIOD : CLOSE_PERIOD;
  if (!tb?.balanced || tb.openingFrom !== from)
    throw new Error(`trial balance of ${period}: balanced ${tb?.balanced}, opening from ${tb?.openingFrom}`);
}
