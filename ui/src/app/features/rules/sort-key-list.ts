import { ChangeDetectionStrategy, Component, computed, input, output } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatChipsModule } from '@angular/material/chips';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatSelect, MatSelectModule } from '@angular/material/select';
import { AbstractControl } from '@angular/forms';
import { FieldError } from '../../shared/field-error';
import { SORT_KEY_LABELS, SORT_KEYS } from './rule-catalogue';
import { move, removeAt } from './rule-content';

/** The ordered sort keys of an allocation policy: the first key decides, later ones break ties. */
@Component({
  selector: 'mw-sort-key-list',
  imports: [MatChipsModule, MatButtonModule, MatFormFieldModule, MatSelectModule, FieldError],
  template: `
    <div
      class="sort-keys"
      data-testid="policy-sort-keys"
      [attr.data-keys]="keys().join(',')"
      [class.invalid]="error()?.errors"
      [attr.aria-invalid]="error()?.errors ? 'true' : null"
    >
      <mat-chip-set aria-label="Sort keys, in order">
        @for (key of keys(); track $index; let i = $index; let last = $last) {
          <mat-chip data-testid="sort-key" [attr.data-key]="key" [disableRipple]="true">
            <span class="order">{{ i + 1 }}.</span> {{ labels[key] ?? key }}
            @if (!readonly()) {
              <button
                type="button"
                class="chip-btn"
                data-testid="sort-key-up"
                [attr.aria-label]="'Move ' + key + ' earlier'"
                [disabled]="i === 0"
                (click)="shift(i, -1)"
              >
                &#8592;
              </button>
              <button
                type="button"
                class="chip-btn"
                data-testid="sort-key-down"
                [attr.aria-label]="'Move ' + key + ' later'"
                [disabled]="last"
                (click)="shift(i, 1)"
              >
                &#8594;
              </button>
              <button
                type="button"
                class="chip-btn"
                data-testid="sort-key-remove"
                [attr.aria-label]="'Remove ' + key"
                (click)="remove(i)"
              >
                &#10005;
              </button>
            }
          </mat-chip>
        } @empty {
          <span class="field-error">At least one sort key is needed</span>
        }
      </mat-chip-set>
      @if (error()?.errors && error(); as c) {
        <p class="field-error" role="alert"><mw-field-error [control]="c" /></p>
      }
      @if (!readonly() && unused().length > 0) {
        <mat-form-field appearance="outline" subscriptSizing="dynamic" class="dense add-key">
          <mat-select
            #picker
            placeholder="Add sort key…"
            aria-label="Add sort key"
            data-testid="sort-key-add"
            (valueChange)="add($event, picker)"
          >
            @for (key of unused(); track key) {
              <mat-option [value]="key" data-testid="sort-key-option" [attr.data-value]="key">
                {{ labels[key] }}
              </mat-option>
            }
          </mat-select>
        </mat-form-field>
      }
    </div>
  `,
  styleUrl: './rules.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SortKeyList {
  readonly keys = input.required<readonly string[]>();
  readonly readonly = input(false);
  /** The carrier control of the list's server error (one field: the list), if the last refusal named it. */
  readonly error = input<AbstractControl | null>(null);
  readonly keysChange = output<string[]>();

  protected readonly labels = SORT_KEY_LABELS;
  protected readonly unused = computed(() => SORT_KEYS.filter((key) => !this.keys().includes(key)));

  protected shift(index: number, delta: number): void {
    this.keysChange.emit(move(this.keys(), index, delta));
  }

  protected remove(index: number): void {
    this.keysChange.emit(removeAt(this.keys(), index));
  }

  /** Emits the longer list and empties the picker for the next key. */
  protected add(key: string | null, picker: MatSelect): void {
    picker.value = null;
    if (key) this.keysChange.emit([...this.keys(), key]);
  }
}
