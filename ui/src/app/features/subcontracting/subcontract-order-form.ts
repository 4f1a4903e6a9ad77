import { FormControl, FormGroup, Validators } from '@angular/forms';
import { positive } from '../orders/order-form';
import { ComponentProvision } from './subcontracting.types';

/** One component row of the new-order form; the server's `components[i].<field>` refusals land on these controls. */
export interface ComponentForm {
  itemSku: FormControl<string>;
  quantityPer: FormControl<number | null>;
  scrapPercent: FormControl<number | null>;
  provision: FormControl<ComponentProvision>;
  customerCode: FormControl<string>;
}

export function newComponent(): FormGroup<ComponentForm> {
  return new FormGroup<ComponentForm>({
    itemSku: new FormControl('', { nonNullable: true, validators: [Validators.required] }),
    quantityPer: new FormControl<number | null>(1, { validators: [Validators.required, positive] }),
    scrapPercent: new FormControl<number | null>(0, { validators: [Validators.min(0), Validators.max(99.9999)] }),
    provision: new FormControl<ComponentProvision>('ours', { nonNullable: true }),
    customerCode: new FormControl('', { nonNullable: true }),
  });
}
