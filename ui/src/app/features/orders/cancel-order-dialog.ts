import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { FormControl, FormGroup, ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { Observable } from 'rxjs';
import { FieldError } from '../../shared/field-error';
import { FormErrors, problemsOf } from '../../shared/field-errors';

export interface CancelOrderData {
  orderNumber: string;
  /** Sends the cancellation (a silent request); the dialog stays open until it is accepted or refused. */
  submit: (reason: string) => Observable<unknown>;
}

/** How the dialog closed: cancelled (the request was accepted), or refused for a reason that names no field. */
export type CancelOrderResult = { cancelled: true } | { cancelled: false; error: unknown };

/**
 * Asks why an order is cancelled (kept on the order and in the audit log) and sends it. A refusal naming the reason
 * shows on the reason field (the console's one way: `FormErrors`), the dialog open to fix it; any other refusal
 * closes the dialog and the page says it beside the Cancel button.
 */
@Component({
  selector: 'mw-cancel-order-dialog',
  imports: [ReactiveFormsModule, MatDialogModule, MatButtonModule, MatFormFieldModule, MatInputModule, FieldError],
  template: `
    <h2 mat-dialog-title>Cancel order {{ data.orderNumber }}</h2>
    <mat-dialog-content>
      <p>Reservations are released and picked stock goes back to its bins. This cannot be undone.</p>
      <mat-form-field appearance="outline" class="reason">
        <mat-label>Reason</mat-label>
        <textarea matInput rows="2" maxlength="500" data-testid="cancel-order-reason" [formControl]="reason"></textarea>
        <mat-error><mw-field-error [control]="reason" /></mat-error>
      </mat-form-field>
    </mat-dialog-content>
    <mat-dialog-actions align="end">
      <button mat-button type="button" mat-dialog-close data-testid="cancel-order-dismiss">Keep order</button>
      <button
        mat-flat-button
        type="button"
        data-testid="cancel-order-confirm"
        [disabled]="!valid() || sending()"
        (click)="confirm()"
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
  private readonly ref = inject<MatDialogRef<CancelOrderDialog, CancelOrderResult>>(MatDialogRef);
  protected readonly reason = new FormControl('', { nonNullable: true });
  private readonly form = new FormGroup({ reason: this.reason });
  private readonly errors = new FormErrors();
  private readonly typed = toSignal(this.reason.valueChanges, { initialValue: '' });
  protected readonly valid = computed(() => this.typed().trim().length > 0);
  protected readonly sending = signal(false);

  protected confirm(): void {
    this.sending.set(true);
    this.data.submit(this.reason.value.trim()).subscribe({
      next: () => this.ref.close({ cancelled: true }),
      error: (err: unknown) => {
        this.sending.set(false);
        if (problemsOf(err).some((problem) => problem.path !== '')) this.errors.show(this.form, err);
        else this.ref.close({ cancelled: false, error: err });
      },
    });
  }
}
