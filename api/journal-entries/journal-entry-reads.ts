import type { FilterQuery } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { JournalEntry, JournalLine } from '../../db/entities';
import { offsetOf } from '../pagination';
import type { ManualEntryListQuery, ManualEntryRecord } from './journal-entry-schemas';
import { ADJUSTMENT_SOURCE, MANUAL_SOURCE } from './journal-entry-service';

const SORT_FIELDS = { entryDate: 'entryDate', createdAt: 'createdAt', reference: 'sourceRef' } as const;

/** Manual entries (and controller adjustments), a page at a time, sorted and filtered on the server. */
export async function listManualEntries(
  em: EntityManager,
  query: ManualEntryListQuery,
): Promise<{ items: ManualEntryRecord[]; total: number }> {
  const descending = query.sort.startsWith('-');
  const field = SORT_FIELDS[query.sort.replace('-', '') as keyof typeof SORT_FIELDS];
  const where: FilterQuery<JournalEntry> = {
    sourceType: { $in: [MANUAL_SOURCE, ADJUSTMENT_SOURCE] },
    ...(query.period ? { period: { code: query.period } } : {}),
    ...(query.reference ? { sourceRef: { $ilike: `%${escapeLike(query.reference)}%` } } : {}),
  };
  const [entries, total] = await em.findAndCount(JournalEntry, where, {
    orderBy: { [field]: descending ? 'desc' : 'asc', id: descending ? 'desc' : 'asc' },
    limit: query.pageSize,
    offset: offsetOf(query.page, query.pageSize),
  });
  return { items: await withLines(em, entries), total };
}

/** One manual entry with its lines, or null when the id is not a manual entry. */
export async function findManualEntry(em: EntityManager, id: number): Promise<ManualEntryRecord | null> {
  const entry = await em.findOne(JournalEntry, { id, sourceType: { $in: [MANUAL_SOURCE, ADJUSTMENT_SOURCE] } });
  if (!entry) return null;
  const [record] = await withLines(em, [entry]);
  return record ?? null;
}

async function withLines(em: EntityManager, entries: JournalEntry[]): Promise<ManualEntryRecord[]> {
  if (entries.length === 0) return [];
  const lines = await em.find(
    JournalLine,
    { entry: { $in: entries.map((e) => e.id) } },
    { populate: ['account'], orderBy: { id: 'asc' } },
  );
  return entries.map((entry) => {
    const own = lines.filter((line) => line.entry.id === entry.id);
    return {
      id: entry.id,
      entryDate: entry.entryDate.toISOString().slice(0, 10),
      period: entry.period.code,
      reference: entry.sourceRef,
      reason: entry.description,
      adjustment: entry.sourceType === ADJUSTMENT_SOURCE,
      total: own.reduce((sum, line) => sum + Number(line.debit), 0),
      createdBy: entry.createdBy,
      createdAt: entry.createdAt.toISOString(),
      lines: own.map((line) => ({
        account: line.account.code,
        accountName: line.account.name,
        debit: Number(line.debit),
        credit: Number(line.credit),
        memo: line.memo,
      })),
    };
  });
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
