import { ChangeDetectionStrategy, Component, inject, input, output } from '@angular/core';
import { MatAutocompleteModule } from '@angular/material/autocomplete';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { Item } from '../../shared/api.types';
import { ReportService } from './report.service';
import { searchAsYouType } from '../../shared/search-as-you-type';

/** An item SKU field with search-as-you-type; emits the SKU picked (or '' when cleared). */
@Component({
  selector: 'mw-item-picker',
  imports: [MatAutocompleteModule, MatFormFieldModule, MatInputModule],
  template: `
    <mat-form-field appearance="outline" class="picker">
      <mat-label>{{ label() }}</mat-label>
      <input
        matInput
        [attr.data-testid]="testId()"
        [value]="sku()"
        [matAutocomplete]="auto"
        (input)="typed($any($event.target).value)"
        (keydown.enter)="pick($any($event.target).value)"
      />
      <mat-autocomplete #auto="matAutocomplete" (optionSelected)="pick($event.option.value)">
        @for (item of options(); track item.sku) {
          <mat-option [value]="item.sku" [attr.data-testid]="testId() + '-option'">
            {{ item.sku }} <span class="muted">— {{ item.name }}</span>
          </mat-option>
        }
      </mat-autocomplete>
    </mat-form-field>
  `,
  styles: `
    .picker {
      min-width: 260px;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ItemPicker {
  private readonly api = inject(ReportService);

  readonly label = input('Item SKU');
  readonly sku = input('');
  readonly testId = input('item-picker');
  readonly picked = output<string>();

  private readonly search = searchAsYouType((text) => this.api.searchItems(text));
  protected readonly options = this.search.options;

  protected typed(value: string): void {
    this.search.search(value);
    if (value.trim() === '') this.picked.emit('');
  }

  protected pick(value: string): void {
    this.picked.emit(value.trim());
  }
}
