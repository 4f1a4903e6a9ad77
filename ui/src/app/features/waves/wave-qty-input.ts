import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { FormControl, ReactiveFormsModule } from '@angular/forms';
import { FieldError } from '../../shared/field-error';

/**
 * The quantity a clerk confirms on a line of a wave's handheld forms (zone pick, sort, replenishment): a large numeric
 * field with its label and the shared field error (the form's validators' or the workflow's refusal on that line).
 */
@Component({
  selector: 'mw-wave-qty-input',
  imports: [ReactiveFormsModule, FieldError],
  template: `
    <label class="qty">
      <span class="muted">{{ label() }}</span>
      <input
        type="number"
        inputmode="decimal"
        min="0"
        step="any"
        [formControl]="control()"
        [attr.data-testid]="testId()"
        [attr.aria-label]="ariaLabel()"
      />
      @let qty = control();
      @if (qty.invalid && (qty.dirty || qty.touched)) {
        <mw-field-error class="field-error" [control]="qty" />
      }
    </label>
  `,
  styles: `
    .qty {
      display: flex;
      flex-direction: column;
      gap: 2px;
      width: 110px;
    }
    .muted {
      color: var(--mat-sys-on-surface-variant);
    }
    input {
      min-height: 44px;
      box-sizing: border-box;
      width: 100%;
      padding: 8px;
      font: inherit;
      font-size: 16px;
      border: 1px solid var(--mat-sys-outline);
      border-radius: 6px;
      background: var(--mat-sys-surface);
      color: inherit;
    }
    .field-error {
      color: var(--mat-sys-error);
      font-size: 12px;
    }
  `,
  // Default: the control's errors change without an input changing (a refusal set on it, a touch on submit).
  changeDetection: ChangeDetectionStrategy.Default,
})
export class WaveQtyInput {
  readonly control = input.required<FormControl<number | null>>();
  readonly label = input.required<string>();
  readonly testId = input.required<string>();
  readonly ariaLabel = input.required<string>();
}
