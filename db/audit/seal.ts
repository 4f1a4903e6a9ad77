import type { EntityManager } from '@mikro-orm/postgresql';
import { AuditSeal } from '../entities/audit';
import { query } from '../sql';
import { AUDIT_CONTENT_COLUMNS, toContent, type AuditContentColumns } from './audit-rows';
import { chainHash, contentHash, GENESIS_CHAIN_HASH } from './canonical';

/** The advisory-lock key only sealers take: two sealers never interleave their appends. */
export const AUDIT_SEAL_LOCK_SQL = `select pg_advisory_xact_lock(hashtext('millwright:audit-seal'))`;

/** Rows read and sealed per round trip (5 parameters per seal stays far below PostgreSQL's 65,535). */
const BATCH = 5_000;

/** The chain's last link, or null before the first seal. */
export interface ChainHead {
  seq: number;
  chainHash: string;
}

/** What one sealing run appended. */
export interface SealResult {
  sealed: number;
  head: ChainHead | null;
}

/** The current head (inside the caller's transaction, so under the lock it is the one to append after). */
export async function chainHead(em: EntityManager): Promise<ChainHead | null> {
  const [row] = await query<{ seq: number; chain_hash: string }>(
    em,
    `select seq, chain_hash from audit_seal order by seq desc limit 1`,
  );
  return row ? { seq: Number(row.seq), chainHash: row.chain_hash } : null;
}

/**
 * Seals every committed audit row that has no seal yet, in id order, after the chain head: one transaction (a
 * savepoint inside the caller's) under an advisory lock. Audited writes never wait for this: the order is fixed here,
 * after commit, so a row whose transaction commits late (a lower id than rows already sealed) simply gets a later
 * position. Under READ COMMITTED each statement after the lock sees every seal the previous holder committed.
 */
export async function sealAuditLog(em: EntityManager): Promise<SealResult> {
  return em.transactional(async (tx) => {
    await query(tx, AUDIT_SEAL_LOCK_SQL);
    let head = await chainHead(tx);
    let sealed = 0;
    let afterId = 0;
    for (;;) {
      const rows = await query<AuditContentColumns>(
        tx,
        `select ${AUDIT_CONTENT_COLUMNS} from audit_log a
          where a.id > ? and not exists (select 1 from audit_seal s where s.audit_id = a.id)
          order by a.id limit ${BATCH}`,
        [afterId],
      );
      if (rows.length === 0) break;
      const sealedAt = new Date();
      const seals: AuditSeal[] = [];
      let seq = head?.seq ?? 0;
      let previous = head?.chainHash ?? GENESIS_CHAIN_HASH;
      for (const row of rows) {
        const content = toContent(row);
        if (!content) continue;
        const rowHash = contentHash(content);
        previous = chainHash(previous, rowHash);
        seq += 1;
        seals.push(
          Object.assign(new AuditSeal(), {
            seq,
            auditId: content.id,
            contentHash: rowHash,
            chainHash: previous,
            sealedAt,
          }),
        );
      }
      await tx.insertMany(AuditSeal, seals);
      head = { seq, chainHash: previous };
      sealed += seals.length;
      afterId = Number(rows[rows.length - 1]?.row_id ?? afterId);
    }
    return { sealed, head };
  });
}
