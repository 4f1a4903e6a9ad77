import { DecimalPipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSelectModule } from '@angular/material/select';
import { ActionKey } from '../../shared/action-key';
import { ErrorSummary, FieldError } from '../../shared/field-error';
import { FormErrors } from '../../shared/field-errors';
import { CurrencyService } from '../../shared/currency.service';
import { ManualMove, MANUAL_MOVE_TYPES, PostedMove, STOCK_STATUSES, StockService } from './stock.service';

/** What each move type asks for: where the stock comes from, where it goes, and whether its status changes. */
interface Needs {
  from: boolean;
  to: boolean;
  status: boolean;
  cost: boolean;
}
const ADJUSTMENT: Needs = { from: true, to: true, status: false, cost: true };
const NEEDS: Record<string, Needs> = {
  adjustment: ADJUSTMENT,
  transfer: { from: true, to: true, status: false, cost: false },
  scrap: { from: true, to: false, status: false, cost: false },
  'status-change': { from: true, to: false, status: true, cost: false },
  issue: { from: true, to: false, status: false, cost: false },
};

const optional = () => new FormControl('', { nonNullable: true, validators: [Validators.maxLength(40)] });

/**
 * Manual stock moves (counts, transfers, scrap, issues) and status changes (quarantine, release): one form posting
 * through the one posting engine. Each submit is one action with its Idempotency-Key, so a retry posts once.
 */
@Component({
  selector: 'mw-stock-move-page',
  imports: [
    DecimalPipe,
    ReactiveFormsModule,
    MatCardModule,
    MatFormFieldModule,
    MatInputModule,
    MatSelectModule,
    MatButtonModule,
    MatProgressBarModule,
    FieldError,
    ErrorSummary,
  ],
  templateUrl: './stock-move.page.html',
  styleUrl: './stock-move.page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class StockMovePage {
  private readonly api = inject(StockService);
  protected readonly currency = inject(CurrencyService).code;
  protected readonly moveTypes = MANUAL_MOVE_TYPES;
  protected readonly statuses = STOCK_STATUSES;

  protected readonly form = new FormGroup({
    moveType: new FormControl<string>('adjustment', { nonNullable: true, validators: [Validators.required] }),
    itemSku: new FormControl('', { nonNullable: true, validators: [Validators.required, Validators.maxLength(40)] }),
    lotCode: optional(),
    fromLocation: optional(),
    toLocation: optional(),
    fromStatus: new FormControl('', { nonNullable: true }),
    toStatus: new FormControl('', { nonNullable: true }),
    quantity: new FormControl<number | null>(null, {
      validators: [Validators.required, Validators.min(0.0001), Validators.max(1_000_000_000)],
    }),
    unitCost: new FormControl<number | null>(null, { validators: [Validators.min(0), Validators.max(1_000_000)] }),
    reason: new FormControl('', { nonNullable: true, validators: [Validators.required, Validators.maxLength(60)] }),
  });
  protected readonly errors = new FormErrors();
  private readonly key = new ActionKey();

  private readonly moveType = toSignal(this.form.controls.moveType.valueChanges, {
    initialValue: this.form.controls.moveType.value,
  });
  protected readonly needs = computed<Needs>(() => NEEDS[this.moveType()] ?? ADJUSTMENT);
  protected readonly submitting = signal(false);
  protected readonly posted = signal<PostedMove | null>(null);

  constructor() {
    // Changed input is a new action: it gets its own key.
    this.form.valueChanges.subscribe(() => this.key.reset());
  }

  protected submit(): void {
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    this.errors.clear();
    this.posted.set(null);
    this.submitting.set(true);
    this.api.postMove(this.body(), this.key.take()).subscribe({
      next: (posted) => {
        this.submitting.set(false);
        this.key.reset();
        this.posted.set(posted);
      },
      error: (err) => {
        this.submitting.set(false);
        this.errors.show(this.form, err);
      },
    });
  }

  private body(): ManualMove {
    const v = this.form.getRawValue();
    const needs = this.needs();
    const text = (value: string) => value.trim() || undefined;
    return {
      moveType: v.moveType as ManualMove['moveType'],
      itemSku: v.itemSku.trim(),
      lotCode: text(v.lotCode),
      fromLocation: needs.from ? text(v.fromLocation) : undefined,
      toLocation: needs.to ? text(v.toLocation) : undefined,
      fromStatus: text(v.fromStatus),
      toStatus: needs.status ? text(v.toStatus) : undefined,
      quantity: Number(v.quantity),
      unitCost: needs.cost && v.unitCost !== null ? Number(v.unitCost) : undefined,
      reason: v.reason.trim(),
    };
  }
}
