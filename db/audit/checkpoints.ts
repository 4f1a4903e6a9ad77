import type { EntityManager } from '@mikro-orm/postgresql';
import { query } from '../sql';

/**
 * The chain head at the end of one day (UTC, by the seals' sealing time; today's is the head so far). Held by an
 * outside party, it is the only thing that catches a rewritten row whose whole chain after it was re-hashed: such a
 * chain is self-consistent, so walking it proves nothing; only a chain hash kept out of the attacker's reach differs.
 */
export interface AuditCheckpoint {
  day: string;
  seq: number;
  chainHash: string;
}

/** Every day's checkpoint, oldest first. */
export async function listCheckpoints(em: EntityManager): Promise<AuditCheckpoint[]> {
  const rows = await query<{ day: string; seq: number; chain_hash: string }>(
    em,
    `select distinct on (day) to_char(sealed_at at time zone 'UTC', 'YYYY-MM-DD') as day, seq, chain_hash
       from audit_seal order by day, seq desc`,
  );
  return rows.map((row) => ({ day: row.day, seq: Number(row.seq), chainHash: row.chain_hash }));
}

const CSV_HEADER = 'day,seq,chain_hash';

/** The checkpoints as CSV (header `day,seq,chain_hash`); no field needs quoting. */
export function checkpointsToCsv(checkpoints: AuditCheckpoint[]): string {
  return [CSV_HEADER, ...checkpoints.map((c) => `${c.day},${c.seq},${c.chainHash}`)].join('\n') + '\n';
}

const HASH = /^[0-9a-f]{64}$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

function checked(day: unknown, seq: unknown, hash: unknown, where: string): AuditCheckpoint {
  const position = Number(seq);
  if (typeof day !== 'string' || !DAY.test(day)) throw new Error(`${where}: the day is not a date (YYYY-MM-DD)`);
  if (!Number.isInteger(position) || position < 1) throw new Error(`${where}: the position is not a whole number`);
  if (typeof hash !== 'string' || !HASH.test(hash)) throw new Error(`${where}: the chain hash is not 64 hex digits`);
  return { day, seq: position, chainHash: hash };
}

/**
 * Reads an exported checkpoint file: the JSON array {@link listCheckpoints} returns, or the CSV of
 * {@link checkpointsToCsv}. Throws naming the entry or line that is not a checkpoint.
 */
export function parseCheckpoints(text: string): AuditCheckpoint[] {
  const trimmed = text.trim();
  if (trimmed.startsWith('[')) {
    const parsed: unknown = JSON.parse(trimmed);
    if (!Array.isArray(parsed)) throw new Error('the checkpoint file is not a list');
    return parsed.map((entry: unknown, index) => {
      const e = (entry ?? {}) as Record<string, unknown>;
      return checked(e.day, e.seq, e.chainHash, `checkpoint ${index + 1}`);
    });
  }
  const lines = trimmed.split(/\r?\n/);
  if (lines[0]?.trim() !== CSV_HEADER) throw new Error(`the checkpoint CSV does not start with "${CSV_HEADER}"`);
  return lines.slice(1).map((line, index) => {
    const [day, seq, hash] = line.trim().split(',');
    return checked(day, seq, hash, `line ${index + 2}`);
  });
}
