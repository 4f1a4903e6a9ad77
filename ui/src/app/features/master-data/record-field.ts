import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { AbstractControl, FormControl, ReactiveFormsModule } from '@angular/forms';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { controlMessage, FieldError } from '../../shared/field-error';
import { FieldDef } from './resource.types';

/** One field of a master-data form, drawn from its definition; frozen fields show why they are read-only. */
@Component({
  selector: 'mw-record-field',
  imports: [ReactiveFormsModule, MatFormFieldModule, MatInputModule, MatSelectModule, MatCheckboxModule, FieldError],
  template: `
    @switch (field().kind) {
      @case ('checkbox') {
        <div class="checkbox">
          <mat-checkbox [formControl]="formControl()" [attr.data-testid]="id()">{{ field().label }}</mat-checkbox>
          @if (frozen()) {
            <div class="hint" data-testid="field-frozen" [attr.data-field]="field().key">Frozen: {{ frozen() }}</div>
          }
          @if (control().touched && control().errors) {
            <div class="error" data-testid="field-error">{{ message() }}</div>
          }
        </div>
      }
      @case ('select') {
        <mat-form-field appearance="outline" subscriptSizing="dynamic">
          <mat-label>{{ field().label }}</mat-label>
          <mat-select [formControl]="formControl()" [attr.data-testid]="id()">
            @if (!field().required) {
              <mat-option value="" [attr.data-testid]="id() + '-option'">—</mat-option>
            }
            @for (option of field().options ?? []; track option.value) {
              <mat-option [value]="option.value" [attr.data-testid]="id() + '-option'">{{ option.label }}</mat-option>
            }
          </mat-select>
          @if (frozen()) {
            <mat-hint data-testid="field-frozen" [attr.data-field]="field().key">Frozen: {{ frozen() }}</mat-hint>
          } @else if (field().hint) {
            <mat-hint>{{ field().hint }}</mat-hint>
          }
          <mat-error><mw-field-error [control]="control()" /></mat-error>
        </mat-form-field>
      }
      @case ('roles') {
        <mat-form-field appearance="outline" subscriptSizing="dynamic">
          <mat-label>{{ field().label }}</mat-label>
          <mat-select multiple [formControl]="formControl()" [attr.data-testid]="id()">
            @for (option of field().options ?? []; track option.value) {
              <mat-option [value]="option.value" [attr.data-testid]="id() + '-option'">{{ option.label }}</mat-option>
            }
          </mat-select>
          <mat-error><mw-field-error [control]="control()" /></mat-error>
        </mat-form-field>
      }
      @default {
        <mat-form-field appearance="outline" subscriptSizing="dynamic">
          <mat-label>{{ field().label }}</mat-label>
          <input
            matInput
            [type]="inputType()"
            [formControl]="formControl()"
            [attr.data-testid]="id()"
            [attr.autocomplete]="field().kind === 'password' ? 'new-password' : 'off'"
          />
          @if (frozen()) {
            <mat-hint data-testid="field-frozen" [attr.data-field]="field().key">Frozen: {{ frozen() }}</mat-hint>
          } @else if (field().hint) {
            <mat-hint>{{ field().hint }}</mat-hint>
          }
          <mat-error><mw-field-error [control]="control()" /></mat-error>
        </mat-form-field>
      }
    }
  `,
  styles: `
    :host {
      display: block;
    }
    mat-form-field {
      width: 100%;
    }
    .checkbox {
      padding: 8px 0 16px;
    }
    .hint {
      font-size: 12px;
      color: var(--mat-sys-on-surface-variant);
    }
    .error {
      font-size: 12px;
      color: var(--mat-sys-error);
    }
  `,
  changeDetection: ChangeDetectionStrategy.Default,
})
export class RecordField {
  readonly field = input.required<FieldDef>();
  readonly control = input.required<AbstractControl>();
  /** Why the field is read-only (frozen by the API), or null. */
  readonly frozen = input<string | null>(null);
  readonly testId = input<string>('');

  protected readonly id = computed(() => this.testId() || `field-${this.field().key}`);
  protected readonly formControl = computed(() => this.control() as FormControl<unknown>);
  protected readonly inputType = computed(() => {
    const kind = this.field().kind;
    if (kind === 'number') return 'number';
    return kind === 'password' ? 'password' : 'text';
  });

  protected message(): string {
    return controlMessage(this.control());
  }
}
