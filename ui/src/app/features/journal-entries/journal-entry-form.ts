import { ChangeDetectionStrategy, Component, computed, inject, output, signal } from '@angular/core';
import { FormArray, FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { AuthService } from '../../core/auth/auth.service';
import { ActionKey } from '../../shared/action-key';
import { ErrorSummary, FieldError } from '../../shared/field-error';
import { FormErrors } from '../../shared/field-errors';
import { LINE_TABLE_STYLES } from '../../shared/line-table.styles';
import { JournalEntryService, ManualEntry } from './journal-entry.service';

type LineForm = FormGroup<{
  account: FormControl<string>;
  debit: FormControl<number | null>;
  credit: FormControl<number | null>;
  memo: FormControl<string>;
}>;

function lineForm(account = '', debit: number | null = null, credit: number | null = null): LineForm {
  return new FormGroup({
    account: new FormControl(account, { nonNullable: true, validators: [Validators.required] }),
    debit: new FormControl<number | null>(debit, [Validators.min(0)]),
    credit: new FormControl<number | null>(credit, [Validators.min(0)]),
    memo: new FormControl('', { nonNullable: true, validators: [Validators.maxLength(300)] }),
  });
}

const cents = (value: number | null) => Math.round((Number(value) || 0) * 100);

/**
 * A manual journal entry (payroll, energy, rent, accruals: Dr a pool or expense account, Cr accrued expenses 2400
 * or payables): date, reference, reason and balanced lines. The server names each refusal on its line's field
 * (an account a subledger controls, an unknown one) or on the date (a closed or soft-locked period).
 */
@Component({
  selector: 'mw-journal-entry-form',
  imports: [
    ReactiveFormsModule,
    MatButtonModule,
    MatCheckboxModule,
    MatFormFieldModule,
    MatInputModule,
    FieldError,
    ErrorSummary,
  ],
  template: `
    <form [formGroup]="form" (ngSubmit)="submit()" data-testid="je-form">
      <mw-error-summary [errors]="errors" />
      <div class="row">
        <mat-form-field>
          <mat-label>Date</mat-label>
          <input matInput type="date" formControlName="entryDate" data-testid="je-date" />
          <mat-error><mw-field-error [control]="form.controls.entryDate" /></mat-error>
        </mat-form-field>
        <mat-form-field>
          <mat-label>Reference</mat-label>
          <input matInput formControlName="reference" maxlength="80" data-testid="je-reference" />
          <mat-error><mw-field-error [control]="form.controls.reference" /></mat-error>
        </mat-form-field>
        <mat-form-field class="reason">
          <mat-label>Reason (kept in the audit log)</mat-label>
          <input matInput formControlName="reason" maxlength="300" data-testid="je-reason" />
          <mat-error><mw-field-error [control]="form.controls.reason" /></mat-error>
        </mat-form-field>
        @if (controller()) {
          <mat-checkbox formControlName="adjustment" data-testid="je-adjustment">
            Controller adjustment (may land in a period being closed)
          </mat-checkbox>
        }
      </div>
      <table formArrayName="lines">
        <thead>
          <tr>
            <th>Account</th>
            <th class="num">Debit</th>
            <th class="num">Credit</th>
            <th>Memo</th>
            <th></th>
          </tr>
        </thead>
        <tbody>
          @for (line of lines.controls; track line; let i = $index) {
            <tr [formGroupName]="i" data-testid="je-line">
              <td>
                <mat-form-field>
                  <input matInput formControlName="account" [attr.data-testid]="'je-account-' + i" />
                  <mat-error><mw-field-error [control]="line.controls.account" /></mat-error>
                </mat-form-field>
              </td>
              <td>
                <mat-form-field>
                  <input matInput type="number" formControlName="debit" [attr.data-testid]="'je-debit-' + i" />
                  <mat-error><mw-field-error [control]="line.controls.debit" /></mat-error>
                </mat-form-field>
              </td>
              <td>
                <mat-form-field>
                  <input matInput type="number" formControlName="credit" [attr.data-testid]="'je-credit-' + i" />
                  <mat-error><mw-field-error [control]="line.controls.credit" /></mat-error>
                </mat-form-field>
              </td>
              <td>
                <mat-form-field class="memo">
                  <input matInput formControlName="memo" [attr.data-testid]="'je-memo-' + i" />
                </mat-form-field>
              </td>
              <td>
                <button mat-button type="button" (click)="removeLine(i)" [disabled]="lines.length <= 2">Remove</button>
              </td>
            </tr>
          }
        </tbody>
        <tfoot>
          <tr>
            <td>
              <button mat-stroked-button type="button" data-testid="je-add-line" (click)="addLine()">Add line</button>
            </td>
            <td class="num" data-testid="je-total-debit">{{ totals().debit }}</td>
            <td class="num" data-testid="je-total-credit">{{ totals().credit }}</td>
            <td colspan="2" [class.error]="!totals().balanced">
              {{ totals().balanced ? 'Balanced' : 'Not balanced' }}
            </td>
          </tr>
        </tfoot>
      </table>
      <button mat-flat-button type="submit" data-testid="je-submit" [disabled]="busy()">Post entry</button>
      @if (posted(); as text) {
        <p role="status" data-testid="je-posted">{{ text }}</p>
      }
    </form>
  `,
  styles: [
    LINE_TABLE_STYLES,
    `
      .row {
        display: flex;
        flex-wrap: wrap;
        gap: 12px;
        align-items: baseline;
      }
      .reason {
        min-width: 320px;
      }
      td mat-form-field.memo {
        width: 220px;
      }
    `,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class JournalEntryForm {
  private readonly service = inject(JournalEntryService);
  private readonly auth = inject(AuthService);
  protected readonly controller = computed(() => this.auth.hasAnyRole('controller'));
  private readonly key = new ActionKey();
  readonly saved = output<ManualEntry>();

  protected readonly form = new FormGroup({
    entryDate: new FormControl(new Date().toISOString().slice(0, 10), {
      nonNullable: true,
      validators: [Validators.required],
    }),
    reference: new FormControl('', { nonNullable: true, validators: [Validators.required] }),
    reason: new FormControl('', { nonNullable: true, validators: [Validators.required] }),
    adjustment: new FormControl(false, { nonNullable: true }),
    lines: new FormArray<LineForm>([lineForm(), lineForm('2400')]),
  });
  protected readonly lines = this.form.controls.lines;
  protected readonly errors = new FormErrors();
  protected readonly busy = signal(false);
  protected readonly posted = signal<string | null>(null);
  private readonly version = signal(0);
  protected readonly totals = computed(() => {
    this.version();
    const rows = this.lines.getRawValue();
    const debit = rows.reduce((sum, row) => sum + cents(row.debit), 0);
    const credit = rows.reduce((sum, row) => sum + cents(row.credit), 0);
    return { debit: (debit / 100).toFixed(2), credit: (credit / 100).toFixed(2), balanced: debit === credit };
  });

  constructor() {
    this.form.valueChanges.subscribe(() => {
      this.version.update((n) => n + 1);
      this.key.reset();
    });
  }

  protected addLine(): void {
    this.lines.push(lineForm());
  }

  protected removeLine(index: number): void {
    this.lines.removeAt(index);
  }

  protected submit(): void {
    if (this.busy()) return;
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    const value = this.form.getRawValue();
    const entry = {
      ...value,
      lines: value.lines.map((line) => ({
        account: line.account.trim(),
        debit: Number(line.debit) || 0,
        credit: Number(line.credit) || 0,
        ...(line.memo.trim() ? { memo: line.memo.trim() } : {}),
      })),
    };
    this.busy.set(true);
    this.posted.set(null);
    this.service.post(entry, this.key.take()).subscribe({
      next: (saved) => {
        this.busy.set(false);
        this.key.reset();
        this.errors.clear();
        this.posted.set(`Posted ${saved.reference} in ${saved.period}`);
        this.saved.emit(saved);
      },
      error: (err: unknown) => {
        this.busy.set(false);
        this.errors.show(this.form, err);
      },
    });
  }
}
