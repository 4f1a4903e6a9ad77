import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { AbstractControl, FormControl, ReactiveFormsModule, ValidationErrors, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { FieldError } from '../../shared/field-error';
import { PeriodAction } from './period.service';

export interface PeriodActData {
  code: string;
  action: PeriodAction;
}

/**
 * Confirms a close or reopen and asks for the reason the audit log keeps (required for both: the period list shows
 * the close's, the audit log the reopen's). Closes with the reason, or nothing.
 */
@Component({
  selector: 'mw-period-act-dialog',
  imports: [MatDialogModule, MatButtonModule, MatFormFieldModule, MatInputModule, ReactiveFormsModule, FieldError],
  template: `
    <h2 mat-dialog-title>{{ data.action === 'close' ? 'Close' : 'Reopen' }} period {{ data.code }}</h2>
    <mat-dialog-content>
      <p>
        @if (data.action === 'close') {
          Postings dated in {{ data.code }} will be refused until the period is reopened.
        } @else {
          Postings dated in {{ data.code }} will be accepted again. Its stored closing balances, and those of every
          later month, no longer count: closing it again is a new attempt. Reopening is recorded in the audit log.
        }
      </p>
      <mat-form-field appearance="outline" class="reason">
        <mat-label>{{
          data.action === 'close' ? 'Reason for closing' : 'Reason for reopening (kept in the audit log)'
        }}</mat-label>
        <textarea
          matInput
          rows="2"
          maxlength="500"
          data-testid="period-dialog-reason"
          required
          [formControl]="reason"
        ></textarea>
        <mat-error><mw-field-error [control]="reason" /></mat-error>
      </mat-form-field>
    </mat-dialog-content>
    <mat-dialog-actions align="end">
      <button mat-button type="button" mat-dialog-close data-testid="period-dialog-cancel">Cancel</button>
      <button mat-flat-button type="button" data-testid="period-dialog-confirm" (click)="confirm()">
        {{ data.action === 'close' ? 'Close period' : 'Reopen period' }}
      </button>
    </mat-dialog-actions>
  `,
  styles: `
    .reason {
      width: 100%;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class PeriodActDialog {
  protected readonly data = inject<PeriodActData>(MAT_DIALOG_DATA);
  private readonly ref = inject<MatDialogRef<PeriodActDialog, { reason: string }>>(MatDialogRef);
  protected readonly reason = new FormControl('', {
    nonNullable: true,
    validators: [Validators.required, blankIsMissing],
  });

  protected confirm(): void {
    if (this.reason.invalid) {
      this.reason.markAsTouched();
      return;
    }
    this.ref.close({ reason: this.reason.value.trim() });
  }
}

/** A reason of spaces only is no reason. */
function blankIsMissing(control: AbstractControl): ValidationErrors | null {
  return String(control.value ?? '').trim() ? null : { required: true };
}
