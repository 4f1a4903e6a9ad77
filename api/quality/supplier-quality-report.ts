import type { EntityManager } from '@mikro-orm/postgresql';
import { z } from 'zod';
import { InspectionLot } from '../../db/entities';
import { switchingState, type SwitchingRecord, type SwitchingStateName } from '../../rules/quality';

export const supplierQualityQuerystring = z.object({
  supplier: z.string().min(1).max(40).optional().describe("Only this supplier's report (its code)"),
});

const SWITCHING_STATES = ['normal', 'tightened', 'reduced', 'discontinued'] as const;

export const supplierQualityRow = z.object({
  supplierCode: z.string(),
  supplierName: z.string(),
  lots: z.number().int().describe('Every lot received, whatever its status'),
  inspected: z.number().int().describe('Lots judged on inspection'),
  accepted: z.number().int(),
  rejected: z.number().int(),
  skipped: z.number().int().describe('Lots released unseen (skip-lot)'),
  acceptanceRate: z.number().nullable().describe('accepted / inspected, null before any lot was judged'),
  switchingState: z.enum(SWITCHING_STATES).describe("The strictest state over the supplier's items"),
  items: z.array(
    z.object({
      itemSku: z.string(),
      lotsInspected: z.number().int(),
      switchingState: z.enum(SWITCHING_STATES),
      reason: z.string(),
    }),
  ),
  weeks: z
    .array(z.object({ week: z.string(), accepted: z.number().int(), rejected: z.number().int() }))
    .describe('Lots judged per week (Monday of the week the lot was received), oldest first'),
});
export type SupplierQualityRow = z.infer<typeof supplierQualityRow>;

/** Strictness for "the supplier's current state": a discontinued item outweighs a tightened one, and so on. */
const STRICTNESS: Record<SwitchingStateName, number> = { reduced: 0, normal: 1, tightened: 2, discontinued: 3 };

/** Monday of the lot's week (UTC), as YYYY-MM-DD. */
function weekOf(date: Date): string {
  const day = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
  day.setUTCDate(day.getUTCDate() - ((day.getUTCDay() + 6) % 7));
  return day.toISOString().slice(0, 10);
}

/** The fields of a lot the report reads. */
interface ReportLot {
  status: string;
  verdict: string | null;
  ac: number | null;
  createdAt: Date;
  item: { sku: string };
}

interface SupplierLots {
  code: string;
  name: string;
  lots: ReportLot[];
}

function reportOf(supplier: SupplierLots): SupplierQualityRow {
  const byItem = new Map<string, SwitchingRecord[]>();
  const weeks = new Map<string, { accepted: number; rejected: number }>();
  let accepted = 0;
  let rejected = 0;
  let skipped = 0;
  for (const lot of supplier.lots) {
    const settled = lot.status === 'disposed' || lot.status === 'released';
    if (settled && lot.verdict === null) skipped += 1;
    if (lot.verdict === null) continue;
    const ok = lot.verdict === 'accepted';
    if (ok) accepted += 1;
    else rejected += 1;
    // Switching reads settled lots only, as the next lot's sampling does (activities/quality/quality-history).
    if (settled) {
      const records = byItem.get(lot.item.sku) ?? [];
      records.push({ accepted: ok, acceptanceNumber: lot.ac ?? 0 });
      byItem.set(lot.item.sku, records);
    }
    const week = weeks.get(weekOf(lot.createdAt)) ?? { accepted: 0, rejected: 0 };
    if (ok) week.accepted += 1;
    else week.rejected += 1;
    weeks.set(weekOf(lot.createdAt), week);
  }
  const items = [...byItem.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([itemSku, records]) => {
      const state = switchingState(records, { reducedApproved: false, productionSteady: true });
      return { itemSku, lotsInspected: records.length, switchingState: state.state, reason: state.reason };
    });
  const inspected = accepted + rejected;
  return {
    supplierCode: supplier.code,
    supplierName: supplier.name,
    lots: supplier.lots.length,
    inspected,
    accepted,
    rejected,
    skipped,
    acceptanceRate: inspected === 0 ? null : Math.round((accepted / inspected) * 10_000) / 10_000,
    switchingState: items.reduce<SwitchingStateName>(
      (worst, item) => (STRICTNESS[item.switchingState] > STRICTNESS[worst] ? item.switchingState : worst),
      'normal',
    ),
    items,
    weeks: [...weeks.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([week, n]) => ({ week, ...n })),
  };
}

/**
 * The supplier quality report: per supplier with inspection lots, its lots, how many were judged, accepted, rejected
 * or skipped, the acceptance rate, the switching state of each item (ISO 2859-1 clause 9 over the settled lots, as
 * the next lot's sampling reads it) and the strictest of them, and the lots judged per week for the chart.
 */
export async function supplierQualityReport(
  em: EntityManager,
  query: z.infer<typeof supplierQualityQuerystring>,
): Promise<SupplierQualityRow[]> {
  const lots = await em.find(
    InspectionLot,
    { supplier: query.supplier ? { code: query.supplier } : { $ne: null } },
    {
      populate: ['supplier', 'item'],
      fields: ['id', 'status', 'verdict', 'ac', 'createdAt', 'supplier.code', 'supplier.name', 'item.sku'],
      orderBy: { id: 'asc' },
    },
  );
  const bySupplier = new Map<string, SupplierLots>();
  for (const lot of lots) {
    const supplier = lot.supplier!;
    const entry = bySupplier.get(supplier.code) ?? { code: supplier.code, name: supplier.name, lots: [] };
    entry.lots.push(lot);
    bySupplier.set(supplier.code, entry);
  }
  return [...bySupplier.values()].sort((a, b) => a.code.localeCompare(b.code)).map(reportOf);
}
