import { FormControl, FormGroup, Validators } from '@angular/forms';
import { PackCheckLine, ScannedLine } from './pack-check.types';

/** One scanned line in the line editor: item, lot and quantity as typed or scanned. */
export type ScanLineForm = FormGroup<{
  itemSku: FormControl<string>;
  lotCode: FormControl<string>;
  quantity: FormControl<number | null>;
}>;

export function newScanLine(itemSku = ''): ScanLineForm {
  return new FormGroup({
    itemSku: new FormControl(itemSku, { nonNullable: true, validators: [Validators.required] }),
    lotCode: new FormControl('', { nonNullable: true }),
    quantity: new FormControl<number | null>(null, { validators: [Validators.required, Validators.min(0.001)] }),
  });
}

const norm = (code: string | null | undefined) => (code ?? '').trim().toUpperCase();

/** A line of the editor as the API takes it. */
export function scannedOf(line: ScanLineForm): ScannedLine {
  const value = line.getRawValue();
  return { itemSku: value.itemSku.trim(), lotCode: value.lotCode.trim() || null, quantity: Number(value.quantity) };
}

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
