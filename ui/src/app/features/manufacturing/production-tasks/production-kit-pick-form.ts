import { DecimalPipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, effect, input, output } from '@angular/core';
import { FormArray, FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { ErrorSummary, FieldError } from '../../../shared/field-error';
import { FormErrors } from '../../../shared/field-errors';
import { bindTaskForm } from '../../tasks/task-form-binding';
import { KitPick, KitPickCompletion, KitPickPayload } from './production-task.types';

type PickGroup = FormGroup<{
  location: FormControl<string>;
  lotCode: FormControl<string>;
  quantity: FormControl<number | null>;
}>;

const pickGroup = (pick: Partial<KitPick>): PickGroup =>
  new FormGroup({
    location: new FormControl(pick.location ?? '', { nonNullable: true, validators: [Validators.required] }),
    lotCode: new FormControl(pick.lotCode ?? '', { nonNullable: true }),
    quantity: new FormControl<number | null>(pick.quantity ?? null, {
      validators: [Validators.required, Validators.min(0)],
    }),
  });

/**
 * The kit pick (`production-kit-pick`): per component line the bin, lot and quantity the reservation proposes,
 * pre-filled; the clerk confirms what was picked (another bin or lot of the same item when the proposed one is not
 * there). The issue refuses an expired or quarantined lot or more than the line requires, on its field.
 */
@Component({
  selector: 'mw-production-kit-pick-form',
  imports: [
    DecimalPipe,
    ReactiveFormsModule,
    MatButtonModule,
    MatFormFieldModule,
    MatInputModule,
    FieldError,
    ErrorSummary,
  ],
  template: `
    <div class="header" data-testid="prd-kit-header">
      <div>
        <span class="muted">Order</span>
        <strong data-testid="prd-kit-order">{{ payload().orderNumber }}</strong>
      </div>
      @if (payload().itemSku) {
        <div>
          <span class="muted">Making</span>
          <strong>{{ payload().quantity | number: '1.0-3' }} × {{ payload().itemSku }}</strong>
        </div>
      }
      @if (payload().warehouseCode) {
        <div>
          <span class="muted">Warehouse</span>
          <strong>{{ payload().warehouseCode }}</strong>
        </div>
      }
    </div>
    @if (payload().refusal; as refusal) {
      <p class="refusal" role="alert" data-testid="prd-task-refusal">{{ refusal }}</p>
    }
    @for (s of payload().short ?? []; track s.lineNo) {
      <p class="refusal" data-testid="prd-kit-pick-short">
        Line {{ s.lineNo }} {{ s.sku }}: {{ s.short | number: '1.0-3' }} short, released partially
      </p>
    }
    <form [formGroup]="form" (ngSubmit)="submit()">
      <mw-error-summary [errors]="errors" />
      <ol class="picks" formArrayName="picks">
        @for (pick of picks.controls; track pick; let i = $index) {
          @let proposed = payload().picks[i];
          <li
            [formGroupName]="i"
            data-testid="prd-kit-pick"
            [attr.data-line]="proposed?.lineNo"
            [attr.data-sku]="proposed?.sku"
          >
            <div>
              <strong>Line {{ proposed?.lineNo }} · {{ proposed?.sku }}</strong>
              @if (proposed?.expiresOn) {
                <span class="muted"> · expires {{ proposed?.expiresOn }}</span>
              }
            </div>
            <div class="row">
              <mat-form-field appearance="outline">
                <mat-label>Bin</mat-label>
                <input matInput formControlName="location" data-testid="prd-kit-pick-location" />
                <mat-error><mw-field-error [control]="pick.controls.location" /></mat-error>
              </mat-form-field>
              <mat-form-field appearance="outline">
                <mat-label>Lot</mat-label>
                <input matInput formControlName="lotCode" data-testid="prd-kit-pick-lot" />
                <mat-error><mw-field-error [control]="pick.controls.lotCode" /></mat-error>
              </mat-form-field>
              <mat-form-field appearance="outline">
                <mat-label>Quantity</mat-label>
                <input
                  matInput
                  type="number"
                  inputmode="decimal"
                  min="0"
                  step="any"
                  formControlName="quantity"
                  data-testid="prd-kit-pick-qty"
                />
                <mat-error><mw-field-error [control]="pick.controls.quantity" /></mat-error>
              </mat-form-field>
            </div>
          </li>
        } @empty {
          <li class="muted" data-testid="prd-kit-pick-none">Nothing to pick for this kit.</li>
        }
      </ol>
      @if (!readonly()) {
        <button mat-flat-button type="submit" data-testid="task-complete" [disabled]="busy()">
          Confirm kit picked
        </button>
      }
    </form>
  `,
  styleUrl: './production-task-forms.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ProductionKitPickForm {
  readonly payload = input.required<KitPickPayload>();
  readonly readonly = input(false);
  readonly busy = input(false);
  /** For finished tasks: what was picked. */
  readonly outcome = input<unknown>(null);
  /** The server's refusal of the last completion that names a field (`picks[i].lotCode` ...). */
  readonly refusal = input<unknown>(null);
  readonly confirmed = output<KitPickCompletion>();

  protected readonly form = new FormGroup({ picks: new FormArray<PickGroup>([]) });
  protected readonly errors = new FormErrors();

  protected get picks(): FormArray<PickGroup> {
    return this.form.controls.picks;
  }

  constructor() {
    effect(() => {
      const done = (this.outcome() as Partial<KitPickCompletion> | null)?.picks;
      const proposed = this.payload().picks ?? [];
      this.picks.clear();
      proposed.forEach((pick, i) => this.picks.push(pickGroup(done?.[i] ?? pick)));
      if (this.readonly()) this.form.disable();
    });
    bindTaskForm({ form: this.form, readonly: this.readonly, refusal: this.refusal, errors: this.errors });
  }

  protected submit(): void {
    if (this.readonly() || this.busy()) return;
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    const proposed = this.payload().picks ?? [];
    this.confirmed.emit({
      picks: this.picks.getRawValue().map((pick, i) => ({
        lineNo: proposed[i]?.lineNo ?? i + 1,
        location: pick.location.trim(),
        lotCode: pick.lotCode.trim() || null,
        quantity: Number(pick.quantity),
      })),
    });
  }
}
