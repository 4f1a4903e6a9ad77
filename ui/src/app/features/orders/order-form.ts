import { AbstractControl, FormControl, FormGroup, ValidationErrors, Validators } from '@angular/forms';
import { Item } from '../../shared/api.types';

/** While typing, the autocomplete control holds the text; only a picked option is an Item. */
export type ItemValue = Item | string | null;

export interface LineForm {
  item: FormControl<ItemValue>;
  quantity: FormControl<number | null>;
}

export function isItem(value: ItemValue): value is Item {
  return typeof value === 'object' && value !== null && typeof value.sku === 'string';
}

/** Free text that does not match a picked option is not an item, even if it looks like a SKU. */
export function itemSelected(control: AbstractControl<ItemValue>): ValidationErrors | null {
  return isItem(control.value) ? null : { itemRequired: true };
}

export function positive(control: AbstractControl<number | null>): ValidationErrors | null {
  const value = control.value;
  return value !== null && Number.isFinite(Number(value)) && Number(value) > 0 ? null : { positive: true };
}

export function newLine(): FormGroup<LineForm> {
  return new FormGroup<LineForm>({
    item: new FormControl<ItemValue>(null, { validators: [itemSelected] }),
    quantity: new FormControl<number | null>(1, { validators: [Validators.required, positive] }),
  });
}

/**
 * Error bodies name the offending field in whatever notation the server's validator uses
 * (`lines[0].quantity`, `lines/0/quantity`, `body.lines.0.quantity`); normalise to dotted form
 * so the template can look errors up as `lines.0.quantity`.
 */
export function normalizeField(field: string): string {
  return field
    .replace(/\[(\d+)\]/g, '.$1')
    .replace(/\//g, '.')
    .replace(/^\.+/, '')
    .replace(/^body\./, '');
}
