import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogModule } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { PeriodAction } from './period.service';

export interface PeriodActData {
  code: string;
  action: PeriodAction;
}

/** Confirms a close or reopen and asks for the reason the audit log keeps. Closes with the reason, or nothing. */
@Component({
  selector: 'mw-period-act-dialog',
  imports: [MatDialogModule, MatButtonModule, MatFormFieldModule, MatInputModule],
  template: `
    <h2 mat-dialog-title>{{ data.action === 'close' ? 'Close' : 'Reopen' }} period {{ data.code }}</h2>
    <mat-dialog-content>
      <p>
        @if (data.action === 'close') {
          Postings dated in {{ data.code }} will be refused until the period is reopened.
        } @else {
          Postings dated in {{ data.code }} will be accepted again. Reopening is recorded in the audit log.
        }
      </p>
      <mat-form-field appearance="outline" class="reason">
        <mat-label>Reason (kept in the audit log)</mat-label>
        <textarea
          matInput
          rows="2"
          maxlength="500"
          data-testid="period-dialog-reason"
          [value]="reason()"
          (input)="reason.set($any($event.target).value)"
        ></textarea>
      </mat-form-field>
    </mat-dialog-content>
    <mat-dialog-actions align="end">
      <button mat-button type="button" mat-dialog-close data-testid="period-dialog-cancel">Cancel</button>
      <button
        mat-flat-button
        type="button"
        data-testid="period-dialog-confirm"
        [mat-dialog-close]="{ reason: reason() }"
      >
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
  protected readonly reason = signal('');
}
