import { FormControl, FormGroup, Validators } from '@angular/forms';
import { ScannedLine } from './pack-check.types';

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

/** A line of the editor as the API takes it. */
export function scannedOf(line: ScanLineForm): ScannedLine {
  const value = line.getRawValue();
  return { itemSku: value.itemSku.trim(), lotCode: value.lotCode.trim() || null, quantity: Number(value.quantity) };
}
