import { postMove, type MoveCommand } from '../../db/inventory/post-move';
import { INLINE_REVALUATION_LIMIT } from '../../db/inventory/revalue';
import { processRevaluationChunk } from '../../db/inventory/revaluation-job';
import { num, query } from '../../db/sql';
import { useTestOrm } from '../../test/support/int-env';
import { moveCommands, plainItem } from '../../test/support/stock';

jest.setTimeout(120_000);

const db = useTestOrm();
const tx = db.tx;

const HOUR = 3_600_000;

/** The first instant of the current UTC month and of the one before it (the books' months). */
function months() {
  const now = new Date();
  const current = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1);
  const previous = Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1);
  return { current, previous, now: now.getTime() };
}

const newItem = (sku: string) => plainItem(db.orm, sku, { name: 'Backdated receipt test item' });
const cmd = moveCommands('backdated-test', 'EAST-B02', 'purchase-order');

/**
 * A receipt of 20 at 1.00 early last month, then two issues of 6: one last month posted to 5000 by its caller (an
 * `issue` whose default would be 5300), one this month posted to the default 5300. Returns when each issue posted.
 */
async function history(sku: string) {
  const { current, previous, now } = months();
  await newItem(sku);
  await tx((em) => postMove(em, cmd(sku, { quantity: 20, unitCost: 1, effectiveAt: new Date(previous + 2 * HOUR) })));
  const out = { moveType: 'issue' as const, toLocation: null, fromLocation: 'EAST-B02', quantity: 6 };
  const issueA = new Date(previous + 5 * 24 * HOUR);
  const issueB = new Date(current + Math.min(10 * 60_000, (now - current) / 2));
  const a = await tx((em) => postMove(em, cmd(sku, { ...out, effectiveAt: issueA, offsetAccount: '5000' })));
  const b = await tx((em) => postMove(em, cmd(sku, { ...out, effectiveAt: issueB })));
  const stored = await query<{ offset_account: string }>(
    db.orm.em.fork(),
    'select offset_account from stock_move where id in (?, ?) order by id',
    [a.moveId, b.moveId],
  );
  expect(stored.map((row) => row.offset_account)).toEqual(['5000', '5300']);
  return { issueA, issueB };
}

/** The backdated receipt: 10 at 0.50, before everything else. Issue A now costs 3 (was 6), issue B 4 (was 6). */
function backdated(sku: string, limit?: number): MoveCommand {
  const { previous } = months();
  return cmd(sku, {
    quantity: 10,
    unitCost: 0.5,
    effectiveAt: new Date(previous + HOUR),
    inlineRevaluationLimit: limit,
  });
}

/** The re-valuation entries of a source: date, and each line's account with its signed amount (debit positive). */
async function revaluationEntries(sourceRef: string) {
  const rows = await query<Record<string, unknown>>(
    db.orm.em.fork(),
    `select je.id, je.entry_date, je.period_code, jl.account_code, jl.debit - jl.credit as amount
       from journal_entry je join journal_line jl on jl.entry_id = je.id
      where je.source_type = 'revaluation' and je.source_ref = ? order by je.entry_date, jl.account_code`,
    [sourceRef],
  );
  const entries = new Map<string, { date: number; period: string; lines: Array<[string, number]> }>();
  for (const row of rows) {
    const id = String(row.id);
    const entry = entries.get(id) ?? {
      date: new Date(row.entry_date as string).getTime(),
      period: String(row.period_code),
      lines: [],
    };
    entry.lines.push([String(row.account_code), num(row.amount)]);
    entries.set(id, entry);
  }
  return [...entries.values()];
}

/** What the after-the-fact rule asks for: one entry per issue's period, dated at the issue, to its own account. */
function expected(issueA: Date, issueB: Date) {
  const period = (date: Date) => date.toISOString().slice(0, 7);
  return [
    {
      date: issueA.getTime(),
      period: period(issueA),
      lines: [
        ['1300', 3],
        ['5000', -3],
      ],
    },
    {
      date: issueB.getTime(),
      period: period(issueB),
      lines: [
        ['1300', 2],
        ['5300', -2],
      ],
    },
  ];
}

describe('a receipt backdated before two issues in different months re-values them by the after-the-fact rule', () => {
  test('the default inline limit is still 500 later postings', () => {
    expect(INLINE_REVALUATION_LIMIT).toBe(500);
  });

  test('inline (below the limit): one entry per issue period, dated at the issue, to the account it posted to', async () => {
    const sku = `BACKDATE-IN-${Date.now() % 1_000_000}`;
    const { issueA, issueB } = await history(sku);
    const posted = await tx((em) => postMove(em, backdated(sku)));
    expect(posted).toMatchObject({ revaluedMoves: 2, revaluationJobId: null });
    expect(await revaluationEntries(`move ${posted.moveId}`)).toEqual(expected(issueA, issueB));
  });

  test('chunked (above the limit): the job books the same entries, not dated when it runs', async () => {
    const sku = `BACKDATE-JOB-${Date.now() % 1_000_000}`;
    const { issueA, issueB } = await history(sku);
    // Four later postings against a limit of 1: queued as a job, as 501 would be against the default 500.
    const posted = await tx((em) => postMove(em, backdated(sku, 1)));
    expect(posted.revaluationJobId).not.toBeNull();
    const jobId = posted.revaluationJobId ?? 0;
    expect(await revaluationEntries(`revaluation job ${jobId}`)).toEqual([]);
    // Chunks of two: the months' issues fall into different chunks, and each month still gets one entry.
    let chunks = 0;
    for (let done = false; !done; chunks += 1) {
      done = (await tx((em) => processRevaluationChunk(em, jobId, 2))).done;
    }
    expect(chunks).toBe(3);
    expect(await revaluationEntries(`revaluation job ${jobId}`)).toEqual(expected(issueA, issueB));
    const [job] = await query<{ revalued_moves: number }>(
      db.orm.em.fork(),
      'select revalued_moves from revaluation_job where id = ?',
      [jobId],
    );
    expect(num(job?.revalued_moves)).toBe(2);
  });
});
