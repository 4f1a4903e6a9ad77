import { chainHash, contentHash, GENESIS_CHAIN_HASH, type AuditRowContent } from './canonical';
import { verifySegment, type SealRow } from './chain-segment';

/** A sealed chain of `n` rows, as the positions query returns them (hashes computed as the sealer does). */
function chain(n: number): SealRow[] {
  const rows: SealRow[] = [];
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
    rows.push({
      seq,
      audit_id: content.id,
      content_hash: hash,
      chain_hash: previous,
      row_id: content.id,
      row_at: '2026-12-03 08:15:00',
      row_actor: content.actor,
      row_action: content.action,
      row_entity_type: content.entityType,
      row_entity_id: content.entityId,
      row_workflow_id: null,
      row_details: content.details,
    });
  }
  return rows;
}

const reader = (rows: SealRow[]) => async (after: number, upTo: number) =>
  rows.filter((row) => row.seq > after && row.seq <= upTo);

describe('a stretch of the audit chain', () => {
  test('two stretches, the second from the stored hash before it, verify what one walk verifies', async () => {
    const rows = chain(10);
    const whole = await verifySegment(reader(rows), 1, 10, GENESIS_CHAIN_HASH, new Map());
    const first = await verifySegment(reader(rows), 1, 5, GENESIS_CHAIN_HASH, new Map());
    const second = await verifySegment(reader(rows), 6, 10, rows[4]!.chain_hash, new Map());
    expect(whole).toMatchObject({ verified: 10, firstBreak: null, lastChainHash: rows[9]!.chain_hash });
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
    rows[6] = { ...rows[6]!, row_actor: 'someone else' };
    const second = await verifySegment(reader(rows), 6, 10, rows[4]!.chain_hash, new Map());
    expect(second).toMatchObject({ verified: 1, firstBreak: { kind: 'content', seq: 7 } });
    expect(second.lastChainHash).toBe(rows[5]!.chain_hash);
  });
});
