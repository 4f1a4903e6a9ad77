import type { EntityManager } from '@mikro-orm/postgresql';
import { startRevaluation } from '../../api/stock/revaluation-service';
import { postMove } from '../../db/inventory/post-move';
import { num, query } from '../../db/sql';
import { useTestApp } from '../../test/support/int-env';
import { instanceCompleted } from '../../test/support/order-driver';
import { moveCommands, plainItem } from '../../test/support/stock';

jest.setTimeout(240_000);

const t = useTestApp();

const day = 86_400_000;
const base = Date.now() - 40 * day;
const tx = <T>(work: (em: EntityManager) => Promise<T>) => t.orm.em.fork().transactional(work);

const newItem = (sku: string) => plainItem(t.orm, sku, { name: 'Revaluation test item' });
const cmd = moveCommands('reval-test', 'EAST-B02');

/** The same history for an item: two receipts, then 60 shipments consuming both layers. */
async function history(sku: string): Promise<void> {
  await newItem(sku);
  await tx((em) => postMove(em, cmd(sku, { quantity: 100, unitCost: 1, effectiveAt: new Date(base + 1 * day) })));
  await tx((em) => postMove(em, cmd(sku, { quantity: 100, unitCost: 3, effectiveAt: new Date(base + 2 * day) })));
  for (let i = 0; i < 60; i += 1) {
    const at = new Date(base + 3 * day + i * 600_000);
    await tx((em) =>
      postMove(
        em,
        cmd(sku, { moveType: 'shipment', toLocation: null, fromLocation: 'EAST-B02', quantity: 2, effectiveAt: at }),
      ),
    );
  }
}

async function issueCosts(sku: string): Promise<number[]> {
  const rows = await query<{ v: string }>(
    t.orm.em.fork(),
    `select coalesce(sum(c.value), 0) as v from stock_move m join item i on i.id = m.item_id
       left join layer_consumption c on c.move_id = m.id where i.sku = ? and m.move_type = 'shipment'
      group by m.id, m.effective_at order by m.effective_at, m.id`,
    [sku],
  );
  return rows.map((row) => num(row.v));
}

async function scopeValue(sku: string): Promise<number> {
  const [row] = await query<{ v: string }>(
    t.orm.em.fork(),
    'select v.value as v from item_valuation v join item i on i.id = v.item_id where i.sku = ?',
    [sku],
  );
  return num(row?.v);
}

describe('a large backdated posting re-values through a durable, chunked workflow', () => {
  test('the chunked workflow reaches exactly the result of the inline re-valuation', async () => {
    const stamp = Date.now() % 1_000_000;
    const inline = `REVAL-A-${stamp}`;
    const chunked = `REVAL-B-${stamp}`;
    await history(inline);
    await history(chunked);
    const before = await issueCosts(inline);
    expect(before[0]).toBe(2);

    const backdated = { quantity: 50, unitCost: 0.5, effectiveAt: new Date(base) };
    const a = await tx((em) => postMove(em, cmd(inline, backdated)));
    expect(a.revaluationJobId).toBeNull();
    expect(a.revaluedMoves).toBeGreaterThan(0);
    const b = await tx((em) => postMove(em, cmd(chunked, { ...backdated, inlineRevaluationLimit: 10 })));
    expect(b.revaluationJobId).not.toBeNull();
    expect(await issueCosts(chunked)).toEqual(before); // not yet re-valued: the job does it

    const workflowId = await startRevaluation(
      { orm: t.orm, temporal: t.temporal, taskQueue: process.env.MW_TEST_TASK_QUEUE ?? 'millwright' },
      b.revaluationJobId ?? 0,
      7,
    );
    const result = await t.temporal.workflow.getHandle(workflowId).result();
    expect(result).toMatchObject({ done: true, processedEvents: 63 });
    expect(result.chunks).toBeGreaterThan(5);

    const after = await issueCosts(chunked);
    expect(after).toEqual(await issueCosts(inline));
    expect(after[0]).toBe(1); // the first shipment now takes from the older, cheaper layer
    expect(await scopeValue(chunked)).toBe(await scopeValue(inline));
    await instanceCompleted(t.orm, workflowId, 30_000, 'projection completed');
    const [books] = await query<{ d: string }>(
      t.orm.em.fork(),
      `select coalesce(sum(debit - credit), 0) as d from journal_line where account_code = '1300'`,
    );
    const [subLedger] = await query<{ v: string }>(
      t.orm.em.fork(),
      'select coalesce(sum(value), 0) as v from item_valuation',
    );
    expect(num(books?.d)).toBeCloseTo(num(subLedger?.v), 2);
  });
});
