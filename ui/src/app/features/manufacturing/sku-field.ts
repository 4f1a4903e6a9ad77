import { ChangeDetectionStrategy, Component, inject, input } from '@angular/core';
import { FormControl, ReactiveFormsModule } from '@angular/forms';
import { MatAutocompleteModule } from '@angular/material/autocomplete';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { FieldError } from '../../shared/field-error';
import { searchAsYouType } from '../../shared/search-as-you-type';
import { ManufacturingService } from './manufacturing.service';

/**
 * An item SKU on a manufacturing line (a BOM component, a kitting demand): search-as-you-type over the items, the
 * SKU itself as the value, and the control's own error (a server refusal placed on it by FormErrors) under it.
 */
@Component({
  selector: 'mw-sku-field',
  imports: [ReactiveFormsModule, MatAutocompleteModule, MatFormFieldModule, MatInputModule, FieldError],
  template: `
    <mat-form-field appearance="outline">
      <mat-label>{{ label() }}</mat-label>
      <input
        matInput
        [formControl]="control()"
        placeholder="Search SKU or name"
        [matAutocomplete]="auto"
        [attr.data-testid]="testId()"
        (focus)="search.search(control().value)"
        (input)="search.search($any($event.target).value)"
      />
      <mat-autocomplete #auto="matAutocomplete">
        @for (item of search.options(); track item.sku) {
          <mat-option [value]="item.sku" [attr.data-testid]="optionTestId()"
            >{{ item.sku }} — {{ item.name }}</mat-option
          >
        }
      </mat-autocomplete>
      <mat-error><mw-field-error [control]="control()" /></mat-error>
    </mat-form-field>
  `,
  styles: `
    :host {
      display: block;
    }
    mat-form-field {
      width: 100%;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SkuField {
  private readonly api = inject(ManufacturingService);
  readonly control = input.required<FormControl<string>>();
  readonly label = input.required<string>();
  readonly testId = input.required<string>();
  readonly optionTestId = input.required<string>();
  protected readonly search = searchAsYouType((text) => this.api.searchItems(text));
}
