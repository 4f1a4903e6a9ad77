import { Directive, effect, inject, input } from '@angular/core';
import { MatInput } from '@angular/material/input';
import { MatSelect } from '@angular/material/select';

/**
 * Marks a Material input or select invalid while the server's refusal names its field. Reactive forms get this
 * from their control; the rule editor's fields are bound to its content instead, so the state is set here
 * (aria-invalid, the red outline and the field's mat-error follow it).
 */
@Directive({ selector: '[mwServerInvalid]' })
export class ServerInvalid {
  readonly mwServerInvalid = input(false);
  private readonly field = inject(MatInput, { self: true, optional: true }) ?? inject(MatSelect, { self: true });

  constructor() {
    effect(() => {
      const invalid = this.mwServerInvalid();
      if (this.field.errorState === invalid) return;
      this.field.errorState = invalid;
      this.field.stateChanges.next();
    });
  }
}
