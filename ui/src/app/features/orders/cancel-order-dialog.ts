import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogModule } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';

export interface CancelOrderData {
  orderNumber: string;
}

/** Asks why an order is cancelled (kept on the order and in the audit log). Closes with the reason, or nothing. */
@Component({
  selector: 'mw-cancel-order-dialog',
  imports: [MatDialogModule, MatButtonModule, MatFormFieldModule, MatInputModule],
  template: `
    <h2 mat-dialog-title>Cancel order {{ data.orderNumber }}</h2>
    <mat-dialog-content>
      <p>Reservations are released and picked stock goes back to its bins. This cannot be undone.</p>
      <mat-form-field appearance="outline" class="reason">
        <mat-label>Reason</mat-label>
        <textarea
          matInput
          rows="2"
          maxlength="500"
          data-testid="cancel-order-reason"
          [value]="reason()"
          (input)="reason.set($any($event.target).value)"
        ></textarea>
      </mat-form-field>
    </mat-dialog-content>
    <mat-dialog-actions align="end">
      <button mat-button type="button" mat-dialog-close data-testid="cancel-order-dismiss">Keep order</button>
      <button
        mat-flat-button
        type="button"
        data-testid="cancel-order-confirm"
        [disabled]="!valid()"
        [mat-dialog-close]="reason().trim()"
      >
        Cancel order
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
export class CancelOrderDialog {
  protected readonly data = inject<CancelOrderData>(MAT_DIALOG_DATA);
  protected readonly reason = signal('');
  protected readonly valid = computed(() => this.reason().trim().length > 0);
}
