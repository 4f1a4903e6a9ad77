/** The pack form's model: what is staged per dock, and packages as typed. */
import { PackageRecord, PackOutcome, StagedPick } from '../../shared/api.types';

/** What is staged for one order line at one dock: the total and the lots it came from. */
export interface StagedLine {
  lineNo: number;
  itemSku: string;
  quantity: number;
  lots: string[];
}

/** One dock (one warehouse) the order is staged at, and its lines: it leaves as a shipment of its own. */
export interface DockGroup {
  dock: string;
  lines: StagedLine[];
}

/** One package as typed: raw text, so re-rendering never rewrites a half-typed number. */
export interface PackageEntry {
  /** The dock it is packed at: it holds only that dock's lines. */
  dock: string;
  packageNo: string;
  weightKg: string;
  /** Per line of its dock (same order as the dock group's `lines`). */
  quantities: string[];
}

export const EPSILON = 1e-9;

export function parseNumber(raw: string): number {
  return raw.trim() === '' ? NaN : Number(raw);
}

/** The docks in staging order, each with its lines in line order. */
export function dockGroups(staged: StagedPick[]): DockGroup[] {
  const docks = new Map<string, Map<number, StagedLine>>();
  for (const pick of staged) {
    const byLine = docks.get(pick.stagingLocation) ?? new Map<number, StagedLine>();
    docks.set(pick.stagingLocation, byLine);
    const line = byLine.get(pick.lineNo) ?? { lineNo: pick.lineNo, itemSku: pick.itemSku, quantity: 0, lots: [] };
    line.quantity = Math.round((line.quantity + pick.quantity) * 1000) / 1000;
    if (pick.lotCode && !line.lots.includes(pick.lotCode)) line.lots.push(pick.lotCode);
    byLine.set(pick.lineNo, line);
  }
  return [...docks].map(([dock, byLine]) => ({
    dock,
    lines: [...byLine.values()].sort((a, b) => a.lineNo - b.lineNo),
  }));
}

export function packagesOf(outcome: unknown): PackageRecord[] | null {
  const packages = (outcome as Partial<PackOutcome> | null)?.packages;
  return Array.isArray(packages) ? packages : null;
}

/** The problem of one package as typed, or null. */
export function packageProblem(entry: PackageEntry): string | null {
  if (entry.packageNo.trim() === '') return 'Enter a package number.';
  const weight = parseNumber(entry.weightKg);
  if (!Number.isFinite(weight) || weight <= 0) return 'Enter the weight in kg (above zero).';
  const quantities = entry.quantities.map(parseNumber);
  if (quantities.some((q) => !Number.isFinite(q) || q < 0)) return 'Quantities must be numbers of zero or more.';
  if (!quantities.some((q) => q > 0)) return 'An empty package: put something in it or remove it.';
  return null;
}
