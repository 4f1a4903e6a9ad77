import { chainHash, contentHash, GENESIS_CHAIN_HASH, type AuditRowContent } from './canonical';
import { verifySegment, type TextRow } from './chain-segment';

/** One position as read: its seal's columns and its audit row's, as text (hashes computed as the sealer does). */
interface Position {
  seq: number;
  seal: TextRow;
  row: TextRow;
}

/** A sealed chain of `n` rows, as the positions query returns them. */
function chain(n: number): Position[] {
  const rows: Position[] = [];
  let previous = GENESIS_CHAIN_HASH;
  for (let seq = 1; seq <= n; seq += 1) {
    const content: AuditRowContent = {
      id: 100 + seq,
      at: '2026-12-03T08:15:00.000000Z',
      actor: 'clerk',
      action: 'task.completed',
      entityType: 'human_task',
      entityId: `T-${seq}`,
      workflowId: null,
      details: { seq },
    };
    const hash = contentHash(content);
    previous = chainHash(previous, hash);
    const id = String(content.id);
    rows.push({
      seq,
      seal: [String(seq), id, hash, previous],
      row: [id, '2026-12-03 08:15:00', 'clerk', 'task.completed', 'human_task', `T-${seq}`, null, `{"seq": ${seq}}`],
    });
  }
  return rows;
}

const reader = (rows: Position[]) => async (after: number, upTo: number) => {
  const page = rows.filter((row) => row.seq > after && row.seq <= upTo);
  return { seals: page.map((p) => p.seal), rows: page.map((p) => p.row) };
};
const chainHashAt = (rows: Position[], index: number) => rows[index]!.seal[3]!;

describe('a stretch of the audit chain', () => {
  test('two stretches, the second from the stored hash before it, verify what one walk verifies', async () => {
    const rows = chain(10);
    const whole = await verifySegment(reader(rows), 1, 10, GENESIS_CHAIN_HASH, new Map());
    const first = await verifySegment(reader(rows), 1, 5, GENESIS_CHAIN_HASH, new Map());
    const second = await verifySegment(reader(rows), 6, 10, chainHashAt(rows, 4), new Map());
    expect(whole).toMatchObject({ verified: 10, firstBreak: null, lastChainHash: chainHashAt(rows, 9) });
    expect([first.verified, second.verified, second.lastChainHash]).toEqual([5, 5, whole.lastChainHash]);
  });

  test('a position missing at the end of a stretch is reported by that stretch', async () => {
    const rows = chain(10).filter((row) => row.seq !== 5);
    const first = await verifySegment(reader(rows), 1, 5, GENESIS_CHAIN_HASH, new Map());
    expect(first).toMatchObject({ verified: 4, firstBreak: { kind: 'position-missing', seq: 5 } });
    // The next stretch starts from no stored hash: its first link fails too, but the chain's first break is above.
    const second = await verifySegment(reader(rows), 6, 10, '', new Map());
    expect(second.firstBreak).toMatchObject({ kind: 'link', seq: 6 });
  });

  test('a rewritten row inside a stretch stops it there', async () => {
    const rows = chain(10);
    rows[6]!.row[2] = 'someone else';
    const second = await verifySegment(reader(rows), 6, 10, chainHashAt(rows, 4), new Map());
    expect(second).toMatchObject({ verified: 1, firstBreak: { kind: 'content', seq: 7 } });
    expect(second.lastChainHash).toBe(chainHashAt(rows, 5));
  });
});
