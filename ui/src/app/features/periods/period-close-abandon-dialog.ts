import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { AbstractControl, FormControl, ReactiveFormsModule, ValidationErrors, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { FieldError } from '../../shared/field-error';

/** Confirms abandoning a running close and asks for the reason the audit log keeps (required). */
@Component({
  selector: 'mw-period-close-abandon-dialog',
  imports: [MatDialogModule, MatButtonModule, MatFormFieldModule, MatInputModule, ReactiveFormsModule, FieldError],
  template: `
    <h2 mat-dialog-title>Abandon the close of {{ code }}</h2>
    <mat-dialog-content>
      <p>The soft lock is lifted: postings dated in {{ code }} are accepted again. Recorded in the audit log.</p>
      <mat-form-field appearance="outline" class="reason">
        <mat-label>Reason (kept in the audit log)</mat-label>
        <textarea
          matInput
          rows="2"
          maxlength="500"
          required
          data-testid="close-abandon-reason"
          [formControl]="reason"
        ></textarea>
        <mat-error><mw-field-error [control]="reason" /></mat-error>
      </mat-form-field>
    </mat-dialog-content>
    <mat-dialog-actions align="end">
      <button mat-button type="button" mat-dialog-close data-testid="close-abandon-cancel">Cancel</button>
      <button mat-flat-button type="button" data-testid="close-abandon-confirm" (click)="confirm()">
        Abandon close
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
export class PeriodCloseAbandonDialog {
  protected readonly code = inject<string>(MAT_DIALOG_DATA);
  private readonly ref = inject<MatDialogRef<PeriodCloseAbandonDialog, { reason: string }>>(MatDialogRef);
  protected readonly reason = new FormControl('', {
    nonNullable: true,
    validators: [
      Validators.required,
      (control: AbstractControl): ValidationErrors | null =>
        String(control.value ?? '').trim() ? null : { required: true },
    ],
  });

  protected confirm(): void {
    if (this.reason.invalid) {
      this.reason.markAsTouched();
      return;
    }
    this.ref.close({ reason: this.reason.value.trim() });
  }
}
