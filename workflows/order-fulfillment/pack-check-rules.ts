import type { PackageRecord, ReservedLine, StagedPick } from './order-fulfillment.contract';
import type {
  PackCheckLine,
  PackCheckPackage,
  PackCheckProblem,
  PackCheckState,
  ScannedLine,
} from './pack-check.contract';

const EPSILON = 1e-9;
const code = (value: string | null | undefined): string => (value ?? '').trim().toUpperCase();
const round3 = (value: number): number => Math.round(value * 1000) / 1000;

/**
 * What each package should hold: the packer said how much of each order line goes into a package (and at which
 * dock); the lots are the ones picked to that dock, taken in the order they were staged. Runs after the pack task's
 * validators, so every content is covered by staged stock.
 */
export function expectedPackages(
  staged: readonly StagedPick[],
  packages: readonly PackageRecord[],
  lines: readonly ReservedLine[],
): PackCheckPackage[] {
  const docks = [...new Set(staged.map((pick) => pick.stagingLocation))];
  const left = staged.map((pick) => ({ ...pick }));
  return packages.map((pkg) => {
    const dock = pkg.dock ?? docks[0] ?? null;
    const expected: PackCheckLine[] = [];
    for (const content of pkg.contents) {
      const line = lines.find((candidate) => candidate.lineNo === content.lineNo);
      let wanted = content.quantity;
      for (const pick of left) {
        if (wanted <= EPSILON) break;
        if (pick.lineNo !== content.lineNo || pick.stagingLocation !== dock || pick.quantity <= EPSILON) continue;
        const take = Math.min(wanted, pick.quantity);
        pick.quantity = round3(pick.quantity - take);
        wanted = round3(wanted - take);
        const same = expected.find((e) => e.lineNo === pick.lineNo && e.lotCode === pick.lotCode);
        if (same) same.quantity = round3(same.quantity + take);
        else {
          expected.push({
            lineNo: pick.lineNo,
            itemSku: pick.itemSku,
            itemName: line?.itemName ?? pick.itemSku,
            uom: line?.uom ?? '',
            lotCode: pick.lotCode,
            quantity: round3(take),
          });
        }
      }
    }
    return { packageNo: pkg.packageNo, dock, lines: expected, checkedBy: null, checkedAt: null };
  });
}

const describe = (line: Pick<PackCheckLine, 'itemSku' | 'lotCode' | 'quantity' | 'uom'>): string =>
  `${line.quantity}${line.uom ? ` ${line.uom}` : ''} of ${line.itemSku}${line.lotCode ? ` lot ${line.lotCode}` : ''}`;

const list = (words: string[]): string =>
  words.length <= 2 ? words.join(' and ') : `${words.slice(0, -1).join(', ')} and ${words.at(-1)}`;

/**
 * Compares what the clerk scanned for a package with what it should hold, line by line. Every scanned line must be
 * one of the package's lines (item, lot and quantity) and every line of the package must be scanned once. Returns
 * every problem, each naming the scanned line and field in people's words (lines counted from 1); empty: it matches.
 */
export function comparePackage(pkg: PackCheckPackage, scanned: readonly ScannedLine[]): PackCheckProblem[] {
  const problems: PackCheckProblem[] = [];
  const open = pkg.lines.map((line) => ({ line, taken: false }));
  const pending: Array<{ index: number; scan: ScannedLine }> = [];
  if (scanned.length === 0) {
    return [{ path: 'lines', message: `Nothing scanned for package ${pkg.packageNo}: scan each line it holds` }];
  }
  // First the exact matches, so a wrong line never takes the place of a right one scanned after it.
  for (const [index, scan] of scanned.entries()) {
    const exact = open.find(
      (entry) =>
        !entry.taken &&
        code(entry.line.itemSku) === code(scan.itemSku) &&
        code(entry.line.lotCode) === code(scan.lotCode) &&
        Math.abs(entry.line.quantity - scan.quantity) <= EPSILON,
    );
    if (exact) exact.taken = true;
    else pending.push({ index, scan });
  }
  for (const { index, scan } of pending) {
    const at = `lines[${index}]`;
    const said = `Line ${index + 1}`;
    const ofItem = open.filter((entry) => code(entry.line.itemSku) === code(scan.itemSku));
    if (code(scan.itemSku) === '') {
      problems.push({ path: `${at}.itemSku`, message: `${said}: scan or type the item code` });
      continue;
    }
    if (!(scan.quantity > 0)) {
      problems.push({ path: `${at}.quantity`, message: `${said}: the quantity must be above zero` });
      continue;
    }
    if (ofItem.length === 0) {
      const holds = list([...new Set(pkg.lines.map((line) => line.itemSku))]);
      problems.push({
        path: `${at}.itemSku`,
        message: `${said}: ${scan.itemSku} is not in package ${pkg.packageNo} (it holds ${holds}); take it out`,
      });
      continue;
    }
    const free = ofItem.filter((entry) => !entry.taken);
    if (free.length === 0) {
      problems.push({
        path: `${at}.itemSku`,
        message: `${said}: ${scan.itemSku} is scanned more often than package ${pkg.packageNo} holds it; scan each line once`,
      });
      continue;
    }
    const sameLot = free.find((entry) => code(entry.line.lotCode) === code(scan.lotCode));
    if (sameLot) {
      sameLot.taken = true;
      problems.push({
        path: `${at}.quantity`,
        message:
          `${said}: ${scan.quantity} of ${scan.itemSku}${scan.lotCode ? ` lot ${scan.lotCode}` : ''} counted, ` +
          `but package ${pkg.packageNo} should hold ${sameLot.line.quantity}`,
      });
      continue;
    }
    const other = free[0]!;
    other.taken = true;
    const expectedLot = other.line.lotCode ? `lot ${other.line.lotCode}` : 'no lot';
    problems.push({
      path: `${at}.lotCode`,
      message:
        `${said}: ${scan.lotCode ? `lot ${scan.lotCode}` : 'no lot'} of ${scan.itemSku} is not what was picked ` +
        `for package ${pkg.packageNo} (expected ${expectedLot})`,
    });
  }
  const missing = open.filter((entry) => !entry.taken).map((entry) => describe(entry.line));
  if (missing.length > 0) {
    problems.push({ path: 'lines', message: `Package ${pkg.packageNo} is missing ${list(missing)}: scan it too` });
  }
  return problems;
}

/** Refuses the ship confirmation while a package has not passed its pack check (undefined: it may ship). */
export function packCheckShipProblem(check: PackCheckState | null | undefined): string | undefined {
  if (!check) return undefined;
  const unchecked = check.packages.filter((pkg) => pkg.checkedAt === null).map((pkg) => pkg.packageNo);
  if (unchecked.length === 0) return undefined;
  const which = unchecked.length === 1 ? `package ${unchecked[0]} is` : `packages ${list(unchecked)} are`;
  return (
    `payload.packages must pass their pack check before the shipment is confirmed: ${which} not checked yet ` +
    `(scan their content on the pack-check screen)`
  );
}
