import type { StagedPick } from './order-fulfillment.contract';

const EPSILON = 1e-9;

/** The docks an order is staged at, in the order they were staged (one per warehouse). */
export function stagingDocks(staged: StagedPick[]): string[] {
  return [...new Set(staged.map((pick) => pick.stagingLocation))];
}

const list = (docks: string[]) =>
  docks.length <= 2 ? docks.join(' and ') : `${docks.slice(0, -1).join(', ')} and ${docks.at(-1)}`;

/**
 * Pack per dock: stock staged at two warehouses' docks leaves as two shipments, so each package holds the stock of
 * one dock. A package names its dock (`dock`, the staging location); with a single dock it may leave it out. Runs
 * after `findPackProblem` has checked the packages' shape and each line's total; returns the first problem, naming
 * the field (the package's dock, or the content that holds more than its dock staged).
 */
export function findDockProblem(staged: StagedPick[], payload: Record<string, unknown>): string | undefined {
  const docks = stagingDocks(staged);
  const left = new Map<string, number>();
  for (const pick of staged) {
    const key = `${pick.stagingLocation}|${pick.lineNo}`;
    left.set(key, (left.get(key) ?? 0) + pick.quantity);
  }
  const packages = payload.packages as Array<{ dock?: unknown; contents: Array<{ lineNo: number; quantity: number }> }>;
  for (const [index, pkg] of packages.entries()) {
    const field = `payload.packages[${index}]`;
    if (pkg.dock === undefined && docks.length > 1) {
      return (
        `${field}.dock is required: the order is staged at ${list(docks)} (one shipment per warehouse), ` +
        `so each package holds the stock of one dock`
      );
    }
    const dock = pkg.dock ?? docks[0];
    if (typeof dock !== 'string' || !docks.includes(dock)) {
      return `${field}.dock must be a dock this order is staged at (${list(docks)})`;
    }
    for (const [at, content] of pkg.contents.entries()) {
      const key = `${dock}|${content.lineNo}`;
      const available = left.get(key) ?? 0;
      if (content.quantity > available + EPSILON) {
        const elsewhere = docks.filter((other) => other !== dock && (left.get(`${other}|${content.lineNo}`) ?? 0) > 0);
        return (
          `${field}.contents[${at}].quantity is ${content.quantity} of line ${content.lineNo}, but only ` +
          `${round3(available)} more of it is staged at ${dock}, the package's dock` +
          (elsewhere.length > 0 ? ` (the rest is at ${list(elsewhere)})` : '') +
          `: a package holds the stock of one warehouse`
        );
      }
      left.set(key, available - content.quantity);
    }
  }
  return undefined;
}

function round3(value: number): number {
  return Math.round(value * 1000) / 1000;
}

/** The docks a shipment's packages leave from (packages without a dock: a single-dock order). */
export function packageDocks(packages: ReadonlyArray<{ dock?: string }>): string[] {
  return [...new Set(packages.flatMap((pkg) => (pkg.dock ? [pkg.dock] : [])))];
}

const isText = (value: unknown): value is string => typeof value === 'string' && value.trim() !== '';

/**
 * One shipment per warehouse: packages leaving from two docks go with a carrier and tracking number each, given in
 * `shipments` (one entry per dock). A single-dock shipment needs only the carrier and tracking number of the task.
 */
export function findShipDocksProblem(
  packages: ReadonlyArray<{ dock?: string }>,
  payload: Record<string, unknown>,
): string | undefined {
  const docks = packageDocks(packages);
  if (docks.length <= 1) return undefined;
  const shipments = payload.shipments;
  if (!Array.isArray(shipments)) {
    return (
      `payload.shipments is required: the packages leave from ${list(docks)} (one shipment per warehouse), ` +
      `each with its own carrier and tracking number`
    );
  }
  const seen = new Set<string>();
  for (const [index, shipment] of shipments.entries()) {
    const field = `payload.shipments[${index}]`;
    const entry = (typeof shipment === 'object' && shipment !== null ? shipment : {}) as Record<string, unknown>;
    if (!isText(entry.dock) || !docks.includes(entry.dock)) return `${field}.dock must be one of ${list(docks)}`;
    if (seen.has(entry.dock)) return `${field}.dock repeats ${entry.dock}: one shipment per dock`;
    seen.add(entry.dock);
    if (!isText(entry.carrier)) return `${field}.carrier is required`;
    if (!isText(entry.trackingNumber)) return `${field}.trackingNumber is required`;
  }
  const missing = docks.filter((dock) => !seen.has(dock));
  if (missing.length > 0) return `payload.shipments has no shipment from ${list(missing)}`;
  return undefined;
}
