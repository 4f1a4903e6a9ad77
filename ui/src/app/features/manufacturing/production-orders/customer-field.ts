import { ChangeDetectionStrategy, Component, inject, input } from '@angular/core';
import { FormControl, ReactiveFormsModule } from '@angular/forms';
import { MatAutocompleteModule } from '@angular/material/autocomplete';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { FieldError } from '../../../shared/field-error';
import { searchAsYouType } from '../../../shared/search-as-you-type';
import { ProductionOrderService } from './production-order.service';

/**
 * The customer a production order is made for: search-as-you-type over the customers (code or name), the code
 * itself as the value, marked as required when the item's BOM has a customer-supplied line (`required`: a marker
 * only, no client validator, so the server's refusal naming `customerCode` is what lands under it via FormErrors).
 */
@Component({
  selector: 'mw-customer-field',
  imports: [ReactiveFormsModule, MatAutocompleteModule, MatFormFieldModule, MatInputModule, FieldError],
  template: `
    <mat-form-field appearance="outline">
      <mat-label [attr.data-required]="required()"
        >{{ label() }}
        @if (required()) {
          <span class="required-marker" aria-hidden="true">*</span>
        }
      </mat-label>
      <input
        matInput
        [formControl]="control()"
        [attr.aria-required]="required()"
        placeholder="Search code or name"
        [matAutocomplete]="auto"
        [attr.data-testid]="testId()"
        (focus)="search.search(control().value)"
        (input)="search.search($any($event.target).value)"
      />
      <mat-autocomplete #auto="matAutocomplete">
        @for (customer of search.options(); track customer.code) {
          <mat-option [value]="customer.code" [attr.data-testid]="optionTestId()" [attr.data-code]="customer.code"
            >{{ customer.code }} — {{ customer.name }}</mat-option
          >
        }
      </mat-autocomplete>
      @if (hint()) {
        <mat-hint [attr.data-testid]="testId() + '-hint'">{{ hint() }}</mat-hint>
      }
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
export class CustomerField {
  private readonly api = inject(ProductionOrderService);
  readonly control = input.required<FormControl<string>>();
  readonly label = input('Customer');
  readonly required = input(false);
  readonly hint = input<string | null>(null);
  readonly testId = input.required<string>();
  readonly optionTestId = input.required<string>();
  protected readonly search = searchAsYouType((text) => this.api.searchCustomers(text));
}
