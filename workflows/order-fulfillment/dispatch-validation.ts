import type { StagedPick } from './order-fulfillment.contract';

const EPSILON = 1e-9;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Checks the packer's packages against what is staged: every package has a number, a positive weight and
 * contents; each line's packed total equals what was picked (more would ship stock that was never picked, less
 * would leave picked stock behind). Returns the first problem, naming the field.
 */
export function findPackProblem(staged: StagedPick[], payload: Record<string, unknown>): string | undefined {
  const packages = payload.packages;
  if (!Array.isArray(packages) || packages.length === 0) return 'payload.packages must be a non-empty array';
  const packed = new Map<number, number>();
  for (const [index, pkg] of packages.entries()) {
    const field = `payload.packages[${index}]`;
    if (!isRecord(pkg)) return `${field} must be an object`;
    if (typeof pkg.packageNo !== 'string' || pkg.packageNo.trim() === '') return `${field}.packageNo is required`;
    if (typeof pkg.weightKg !== 'number' || !(pkg.weightKg > 0)) return `${field}.weightKg must be positive`;
    if (!Array.isArray(pkg.contents) || pkg.contents.length === 0) return `${field}.contents must be a non-empty array`;
    for (const [at, content] of pkg.contents.entries()) {
      const where = `${field}.contents[${at}]`;
      if (!isRecord(content) || typeof content.lineNo !== 'number' || typeof content.quantity !== 'number') {
        return `${where} needs lineNo and quantity`;
      }
      if (!(content.quantity > 0)) return `${where}.quantity must be positive`;
      packed.set(content.lineNo, (packed.get(content.lineNo) ?? 0) + content.quantity);
    }
  }
  const picked = new Map<number, number>();
  for (const pick of staged) picked.set(pick.lineNo, (picked.get(pick.lineNo) ?? 0) + pick.quantity);
  for (const [lineNo, quantity] of packed) {
    const available = picked.get(lineNo) ?? 0;
    if (quantity > available + EPSILON) {
      return `payload.packages packs ${quantity} of line ${lineNo} but only ${available} was picked; cannot ship more than picked`;
    }
  }
  for (const [lineNo, quantity] of picked) {
    const inPackages = packed.get(lineNo) ?? 0;
    if (inPackages + EPSILON < quantity) {
      return `payload.packages packs ${inPackages} of line ${lineNo} but ${quantity} was picked; pack everything picked`;
    }
  }
  return undefined;
}

/** Checks the ship confirmation: a carrier and a tracking number. */
export function findShipProblem(payload: Record<string, unknown>): string | undefined {
  if (typeof payload.carrier !== 'string' || payload.carrier.trim() === '') return 'payload.carrier is required';
  if (typeof payload.trackingNumber !== 'string' || payload.trackingNumber.trim() === '') {
    return 'payload.trackingNumber is required';
  }
  return undefined;
}

/**
 * Checks a credit approval: approve or reject. A rejection closes the order, so it needs its reason in the comment
 * (kept with the decision for the customer and the audit); an approval's comment is optional.
 */
export function findApprovalProblem(payload: Record<string, unknown>): string | undefined {
  if (payload.decision !== 'approve' && payload.decision !== 'reject') {
    return 'payload.decision must be approve or reject';
  }
  if (payload.comment !== undefined && typeof payload.comment !== 'string') return 'payload.comment must be text';
  if (payload.decision === 'reject' && (payload.comment ?? '').trim() === '') {
    return 'payload.comment is required to reject: say why the credit is refused';
  }
  return undefined;
}
