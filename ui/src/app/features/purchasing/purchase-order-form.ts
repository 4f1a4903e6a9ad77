import { AbstractControl, FormControl, FormGroup, ValidationErrors, Validators } from '@angular/forms';
import { itemSelected, ItemValue, positive } from '../orders/order-form';

export interface PurchaseLineForm {
  item: FormControl<ItemValue>;
  quantity: FormControl<number | null>;
  unitCost: FormControl<number | null>;
}

/** A unit cost may be zero (free samples, supplier replacements) but never negative or empty. */
export function zeroOrMore(control: AbstractControl<number | null>): ValidationErrors | null {
  const value = control.value;
  return value !== null && `${value}` !== '' && Number.isFinite(Number(value)) && Number(value) >= 0
    ? null
    : { zeroOrMore: true };
}

export function newPurchaseLine(): FormGroup<PurchaseLineForm> {
  return new FormGroup<PurchaseLineForm>({
    item: new FormControl<ItemValue>(null, { validators: [itemSelected] }),
    quantity: new FormControl<number | null>(1, { validators: [Validators.required, positive] }),
    unitCost: new FormControl<number | null>(null, { validators: [zeroOrMore] }),
  });
}
