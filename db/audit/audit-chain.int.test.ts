import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { useTestOrm } from '../../test/support/int-env';
import { AuditEntry } from '../entities/audit';
import { query } from '../sql';
import { AUDIT_CONTENT_COLUMNS, isoMicros, toContent, type AuditContentColumns } from './audit-rows';
import { chainHash, contentHash } from './canonical';
import { positionsOf } from './chain-segment';
import { checkpointsToCsv, listCheckpoints, parseCheckpoints } from './checkpoints';
import { sealAuditLog } from './seal';
import { readChainPositions, verifyAuditChain, type ChainVerification } from './verify';

/**
 * The audit chain against real PostgreSQL. The database is shared by every test file, so the chain is verified as it
 * is, and every tamper happens inside a transaction that is rolled back after verifying inside it: nobody else ever
 * sees a broken chain (the triggers are disabled only inside that transaction, too).
 */
const db = useTestOrm();
const run = randomUUID().slice(0, 8);

async function writeRows(em: EntityManager, count: number, label: string): Promise<number[]> {
  const entries = Array.from({ length: count }, (_, i) =>
    Object.assign(new AuditEntry(), {
      actor: 'chain-test',
      action: 'audit-chain.test',
      entityType: 'audit_chain_test',
      entityId: `${run}-${label}-${i}`,
      details: { label, i, nested: { b: [1, 2], a: 'x' } },
    }),
  );
  await em.persist(entries).flush();
  return entries.map((entry) => entry.id);
}

class RolledBack extends Error {}

/** Runs `work` in a transaction that is always rolled back, and returns what it returned. */
async function rolledBack<T>(work: (tx: EntityManager) => Promise<T>): Promise<T> {
  let result: T | undefined;
  await db.orm.em
    .fork()
    .transactional(async (tx) => {
      result = await work(tx);
      throw new RolledBack();
    })
    .catch((error: unknown) => {
      if (!(error instanceof RolledBack)) throw error;
    });
  return result as T;
}

async function sealOf(em: EntityManager, auditId: number) {
  const [row] = await query<{ seq: number }>(em, `select seq from audit_seal where audit_id = ?`, [auditId]);
  return row ? Number(row.seq) : undefined;
}

describe('the audit chain', () => {
  test('walked by worker threads, stretch by stretch, it verifies as one walk does', async () => {
    await writeRows(db.orm.em.fork(), 5, 'threads');
    // A row holding tabs, line breaks, backslashes and a literal \N (in a column and inside details) verifies alike walked
    // by threads and by one walk.
    await db.orm.em
      .fork()
      .persist(
        Object.assign(new AuditEntry(), {
          actor: 'chain-test',
          action: 'audit-chain.test',
          entityType: 'audit_chain_test',
          entityId: `${run}\tab\t|line\n|back\\slash\\N`,
          details: { text: 'a\tb\nc\\d "q" \u00e9 \u20ac \\N', empty: '', none: null, list: [1.5, -0, 1e21] },
        }),
      )
      .flush();
    // The verifier reads each row as one text split at U+001F (audit-rows.ts): a row holding that separator in a column
    // (and in details, where jsonb escapes it) is read again column by column, and an empty workflow id stays empty.
    const separated = Object.assign(new AuditEntry(), {
      actor: 'chain\u001ftest=',
      action: 'audit-chain.test',
      entityType: 'audit_chain_test',
      entityId: `${run}\u001f\u001f`,
      workflowId: '',
      details: { text: 'unit\u001fseparator' },
    });
    // A page is read as one text with its rows separated by U+001E (chain-segment.ts): a row holding that separator
    // makes the page read again row by row; quotes in a column take the hash off the quick path (contentHashOfJoined).
    const recordSeparated = Object.assign(new AuditEntry(), {
      actor: 'chain "record" test',
      action: 'audit-chain.test',
      entityType: 'audit_chain_test',
      entityId: `${run}\u001e`,
      details: { text: 'record\u001eseparator' },
    });
    await db.orm.em.fork().persist([separated, recordSeparated]).flush();
    await sealAuditLog(db.orm.em.fork());
    const separatedSeq = (await sealOf(db.orm.em.fork(), separated.id)) ?? 0;
    const recordSeq = (await sealOf(db.orm.em.fork(), recordSeparated.id)) ?? 0;
    const lowSeq = Math.min(separatedSeq, recordSeq);
    const readBack = positionsOf(await readChainPositions(db.orm.em.fork(), lowSeq - 1, lowSeq + 1));
    expect(readBack).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          row_id: separated.id,
          row_actor: 'chain\u001ftest=',
          row_entity_id: `${run}\u001f\u001f`,
          row_workflow_id: '',
          row_details: { text: 'unit\u001fseparator' },
        }),
        expect.objectContaining({
          row_id: recordSeparated.id,
          row_actor: 'chain "record" test',
          row_entity_id: `${run}\u001e`,
          row_workflow_id: null,
          row_details: { text: 'record\u001eseparator' },
        }),
      ]),
    );
    const one = await verifyAuditChain(db.orm.em.fork(), [], { threads: 1 });
    const three = await verifyAuditChain(db.orm.em.fork(), [], { threads: 3 });
    expect(one.threads).toBe(1);
    expect(three.threads).toBe(3);
    expect(three).toEqual({ ...one, threads: 3 });
    expect(three.ok).toBe(true);
    // A held checkpoint inside the second stretch is compared by that stretch's thread.
    const seq = Math.ceil(one.verified / 2);
    const [row] = await query<{ chain_hash: string }>(
      db.orm.em.fork(),
      'select chain_hash from audit_seal where seq = ?',
      [seq],
    );
    const day = '2026-12-03';
    const right = await verifyAuditChain(db.orm.em.fork(), [{ day, seq, chainHash: row!.chain_hash }], { threads: 3 });
    expect([right.ok, right.checkpointsChecked]).toEqual([true, 1]);
    const wrong = await verifyAuditChain(db.orm.em.fork(), [{ day, seq, chainHash: 'f'.repeat(64) }], { threads: 3 });
    expect(wrong.firstBreak).toMatchObject({ kind: 'checkpoint', seq });
    expect(wrong.verified).toBe(seq - 1);
  });

  test("the timestamp text the chain reads is the one every earlier seal hashed (to_char's form), for any fraction", async () => {
    // Chains sealed before the verifier read PostgreSQL's own timestamp text were hashed over to_char's form: both must
    // give the same text or every old row would show as tampered.
    const rows = await query<{ old: string; text: string }>(
      db.orm.em.fork(),
      `select to_char(t at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as old, (t at time zone 'UTC')::text as text
         from unnest(array[timestamptz '2026-01-01 00:00:00+00', '2026-06-30 23:59:59.5+02', '2026-12-03 08:15:00.000001+00',
                           '2026-12-03 08:15:00.12345+00', '2026-12-03 08:15:00.123456-05', now(), '0999-02-03 04:05:06.07+00']) t`,
    );
    expect(rows).toHaveLength(7);
    for (const row of rows) expect(isoMicros(row.text)).toBe(row.old);
  });

  test('an untouched chain verifies and says how many rows it verified', async () => {
    const ids = await writeRows(db.orm.em.fork(), 3, 'plain');
    const sealed = await sealAuditLog(db.orm.em.fork());
    expect(sealed.sealed).toBeGreaterThanOrEqual(3);
    const result = await verifyAuditChain(db.orm.em.fork());
    expect(result.firstBreak).toBeNull();
    expect(result.ok).toBe(true);
    expect(result.verified).toBe(result.head?.seq);
    for (const id of ids) expect(await sealOf(db.orm.em.fork(), id)).toBeLessThanOrEqual(result.verified);
  });

  test('the seals refuse updates and deletes like the audit log', async () => {
    await sealAuditLog(db.orm.em.fork());
    await expect(
      query(db.orm.em.fork(), `update audit_seal set chain_hash = chain_hash where seq = 1`),
    ).rejects.toThrow('append-only');
    await expect(query(db.orm.em.fork(), `delete from audit_seal where seq = 1`)).rejects.toThrow('append-only');
  });

  test('a row updated by the owner with the trigger disabled is named by verification', async () => {
    const result = await rolledBack(async (tx) => {
      const ids = await writeRows(tx, 3, 'update');
      await sealAuditLog(tx);
      await query(tx, `alter table audit_log disable trigger audit_log_append_only`);
      await query(tx, `update audit_log set details = jsonb_set(details, '{label}', '"forged"') where id = ?`, [
        ids[1],
      ]);
      return { ids, verification: await verifyAuditChain(tx), seq: await sealOf(tx, ids[1] ?? 0) };
    });
    expect(result.verification.ok).toBe(false);
    expect(result.verification.firstBreak).toMatchObject({ kind: 'content', auditId: result.ids[1], seq: result.seq });
    expect(result.verification.verified).toBe((result.seq ?? 0) - 1);
    expect(result.verification.firstBreak?.detail).toContain(`audit row ${result.ids[1]}`);
  });

  test('a seal whose stored hash holds a space (its text no longer splits) is read by its columns and named', async () => {
    // The walk reads a seal as one text split at spaces (chain-segment.ts); a forged hash with a space must still be
    // compared as stored, not split into a wrong position.
    const result = await rolledBack(async (tx) => {
      const ids = await writeRows(tx, 3, 'seal-space');
      await sealAuditLog(tx);
      const seq = await sealOf(tx, ids[1] ?? 0);
      await query(tx, `alter table audit_seal disable trigger audit_seal_append_only`);
      await query(tx, `update audit_seal set content_hash = 'forged hash' where seq = ?`, [seq]);
      const [read] = positionsOf(await readChainPositions(tx, (seq ?? 0) - 1, seq ?? 0));
      return { ids, seq, read, verification: await verifyAuditChain(tx) };
    });
    expect(result.read).toMatchObject({ seq: result.seq, audit_id: result.ids[1], content_hash: 'forged hash' });
    expect(result.verification.firstBreak).toMatchObject({ kind: 'content', auditId: result.ids[1], seq: result.seq });
    expect(result.verification.verified).toBe((result.seq ?? 0) - 1);
  });

  test('a deleted row is named as a gap by its id and position', async () => {
    const result = await rolledBack(async (tx) => {
      const ids = await writeRows(tx, 3, 'delete');
      await sealAuditLog(tx);
      const seq = await sealOf(tx, ids[2] ?? 0);
      await query(tx, `alter table audit_log disable trigger audit_log_append_only`);
      await query(tx, `delete from audit_log where id = ?`, [ids[2]]);
      return { ids, seq, verification: await verifyAuditChain(tx) };
    });
    expect(result.verification.firstBreak).toMatchObject({
      kind: 'row-missing',
      auditId: result.ids[2],
      seq: result.seq,
    });
    expect(result.verification.firstBreak?.detail).toContain('gone');
  });

  test('a rewritten row with its chain re-hashed passes alone and is caught against an exported checkpoint', async () => {
    const result = await rolledBack(async (tx) => {
      const ids = await writeRows(tx, 4, 'rehash');
      await sealAuditLog(tx);
      // The outside party's copy: exported as CSV, read back as it would be from their file.
      const held = parseCheckpoints(checkpointsToCsv(await listCheckpoints(tx)));
      const seq = (await sealOf(tx, ids[1] ?? 0)) ?? 0;
      await query(tx, `alter table audit_log disable trigger audit_log_append_only`);
      await query(tx, `alter table audit_seal disable trigger audit_seal_append_only`);
      await query(tx, `update audit_log set actor = 'someone-else' where id = ?`, [ids[1]]);
      await rehashFrom(tx, seq);
      return { ids, seq, alone: await verifyAuditChain(tx), withCheckpoints: await verifyAuditChain(tx, held) };
    });
    expect(result.alone.ok).toBe(true);
    expect(result.alone.verified).toBeGreaterThanOrEqual(result.seq);
    expect(result.withCheckpoints.ok).toBe(false);
    expect(result.withCheckpoints.firstBreak).toMatchObject({ kind: 'checkpoint' });
    expect(result.withCheckpoints.firstBreak?.seq).toBeGreaterThanOrEqual(result.seq);
    expect(result.withCheckpoints.checkpointsChecked).toBeGreaterThanOrEqual(1);
  });

  test('concurrent writers and two sealers make one gapless chain; a late commit gets a later position', async () => {
    // A row whose transaction commits after a later id was sealed: ids are not commit order.
    const lateEm = db.orm.em.fork();
    await lateEm.begin();
    const [lateId] = await writeRows(lateEm, 1, 'late');
    // Ten rows committed and sealed before it: the late row's position sits next to ids ten above its own.
    const earlyId = (await writeRows(db.orm.em.fork(), 10, 'early')).at(-1);
    await sealAuditLog(db.orm.em.fork());
    await lateEm.commit();

    let writing = true;
    const sealers = [0, 1].map(async () => {
      let runs = 0;
      while (writing || runs === 0) {
        await sealAuditLog(db.orm.em.fork());
        runs += 1;
      }
      return runs;
    });
    const writers = Array.from({ length: 12 }, async (_, w) => {
      const ids: number[] = [];
      for (let i = 0; i < 4; i += 1) {
        await db.orm.em.fork().transactional(async (tx) => {
          ids.push(...(await writeRows(tx, 2, `w${w}-${i}`)));
          await new Promise((resolve) => setTimeout(resolve, (w * 7 + i * 13) % 40));
        });
      }
      return ids;
    });
    const written = (await Promise.all(writers)).flat();
    writing = false;
    expect(Math.min(...(await Promise.all(sealers)))).toBeGreaterThan(0);
    await sealAuditLog(db.orm.em.fork());

    const verification: ChainVerification = await verifyAuditChain(db.orm.em.fork());
    expect(verification.ok).toBe(true);
    const [counts] = await query<{ sealed: string; positions: string }>(
      db.orm.em.fork(),
      `select count(*) as sealed, count(distinct s.seq) as positions from audit_seal s where s.audit_id = any(?::int[])`,
      [`{${written.join(',')}}`],
    );
    expect(Number(counts?.sealed)).toBe(written.length);
    expect(Number(counts?.positions)).toBe(written.length);
    expect(await sealOf(db.orm.em.fork(), lateId ?? 0)).toBeGreaterThan(
      (await sealOf(db.orm.em.fork(), earlyId ?? 0)) ?? 0,
    );
    expect(lateId).toBeLessThan(earlyId ?? 0);

    // The verifier reads seals and rows as two ranges and matches them: what it reads equals the join, for the whole
    // chain (ids in one range) and for the late row's position and the one before (ids ten apart for two positions: read
    // by id).
    const joined = async (after: number, upTo: number) =>
      query<{ seq: number; audit_id: number; row_id: number | null; row_actor: string | null }>(
        db.orm.em.fork(),
        `select s.seq, s.audit_id, a.id as row_id, a.actor as row_actor from audit_seal s
           left join audit_log a on a.id = s.audit_id where s.seq > ? and s.seq <= ? order by s.seq`,
        [after, upTo],
      );
    const readBack = async (after: number, upTo: number) =>
      positionsOf(await readChainPositions(db.orm.em.fork(), after, upTo)).map((r) => ({
        seq: r.seq,
        audit_id: r.audit_id,
        row_id: r.row_id,
        row_actor: r.row_actor,
      }));
    const norm = (rows: { seq: number; audit_id: number; row_id: number | null; row_actor: string | null }[]) =>
      rows.map((r) => ({
        ...r,
        seq: Number(r.seq),
        audit_id: Number(r.audit_id),
        row_id: r.row_id && Number(r.row_id),
      }));
    const lateSeq = (await sealOf(db.orm.em.fork(), lateId ?? 0)) ?? 0;
    expect(await readBack(0, verification.verified)).toEqual(norm(await joined(0, verification.verified)));
    const lateTwo = await readBack(lateSeq - 2, lateSeq);
    expect(lateTwo).toEqual(norm(await joined(lateSeq - 2, lateSeq)));
    expect(lateTwo.map((r) => r.row_id)).toContain(lateId);
  });
});

/** What a database owner covering their tracks would do: recompute every hash from `seq` to the head. */
async function rehashFrom(tx: EntityManager, seq: number): Promise<void> {
  const [before] = await query<{ chain_hash: string }>(tx, `select chain_hash from audit_seal where seq = ?`, [
    seq - 1,
  ]);
  let previous = before?.chain_hash ?? '0'.repeat(64);
  const rows = await query<AuditContentColumns & { seq: number }>(
    tx,
    `select s.seq, ${AUDIT_CONTENT_COLUMNS} from audit_seal s join audit_log a on a.id = s.audit_id
      where s.seq >= ? order by s.seq`,
    [seq],
  );
  for (const row of rows) {
    const content = toContent(row);
    if (!content) throw new Error(`no content at ${row.seq}`);
    const rowHash = contentHash(content);
    previous = chainHash(previous, rowHash);
    await query(tx, `update audit_seal set content_hash = ?, chain_hash = ? where seq = ?`, [
      rowHash,
      previous,
      row.seq,
    ]);
  }
}
