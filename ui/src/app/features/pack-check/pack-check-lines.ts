import { PackCheckLine, ScannedLine } from './pack-check.types';

/** Pure helpers of the pack-check screen (no Angular), checked against the server's comparison in test/ui. */

const norm = (code: string | null | undefined) => (code ?? '').trim().toUpperCase();

/**
 * Which expected line each scanned line matches (item, lot and quantity), each expected line taken once: the index of
 * the expected line per scanned line, -1 for none. The server compares the same way and has the last word.
 */
export function matchLines(expected: readonly PackCheckLine[], scanned: readonly ScannedLine[]): number[] {
  const taken = new Set<number>();
  return scanned.map((scan) => {
    const at = expected.findIndex(
      (line, index) =>
        !taken.has(index) &&
        norm(line.itemSku) === norm(scan.itemSku) &&
        norm(line.lotCode) === norm(scan.lotCode) &&
        Math.abs(line.quantity - scan.quantity) < 1e-9,
    );
    if (at >= 0) taken.add(at);
    return at;
  });
}

/**
 * What one scan fills in: a code with its parts (`ITEM|LOT|QTY`, also with `;` or spaces) is a whole line; a lone
 * code fills the current line's next empty field (item, then lot when the item has lots here, then quantity).
 */
export function parseScan(code: string): Partial<{ itemSku: string; lotCode: string; quantity: number }> | string {
  const parts = code
    .trim()
    .split(/[|;\s]+/)
    .filter(Boolean);
  if (parts.length === 3 && isQuantity(parts[2]!)) {
    return { itemSku: parts[0]!, lotCode: parts[1]!, quantity: Number(parts[2]) };
  }
  if (parts.length === 2 && isQuantity(parts[1]!))
    return { itemSku: parts[0]!, lotCode: '', quantity: Number(parts[1]) };
  return parts.join(' ');
}

export function isQuantity(text: string): boolean {
  return /^\d+(\.\d+)?$/.test(text.trim());
}
