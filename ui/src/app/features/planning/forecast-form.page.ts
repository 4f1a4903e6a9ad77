import { ChangeDetectionStrategy, Component, computed, effect, inject, input, signal } from '@angular/core';
import { FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { Router, RouterLink } from '@angular/router';
import { Observable } from 'rxjs';
import { AuthService } from '../../core/auth/auth.service';
import { ErrorSummary, FieldError } from '../../shared/field-error';
import { FormErrors } from '../../shared/field-errors';
import { Forecast, ForecastService } from './forecast.service';

/**
 * A forecast to record (`/planning/forecasts/new`) or change (`/planning/forecasts/:id`): item, day, quantity and
 * note; once recorded the item and the day are the forecast itself, only its quantity and note change (or it is
 * deleted). The server's refusals land on the field they name (an unknown item, a second forecast on the day).
 */
@Component({
  selector: 'mw-forecast-form-page',
  imports: [
    ReactiveFormsModule,
    RouterLink,
    MatButtonModule,
    MatFormFieldModule,
    MatInputModule,
    FieldError,
    ErrorSummary,
  ],
  templateUrl: './forecast-form.page.html',
  styles: `
    .fields {
      display: flex;
      flex-wrap: wrap;
      gap: 4px 16px;
      align-items: flex-start;
    }
    .wide {
      flex: 1 1 320px;
    }
    mw-error-summary,
    .actions {
      flex-basis: 100%;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ForecastFormPage {
  private readonly api = inject(ForecastService);
  private readonly router = inject(Router);

  /** The route's `:id`; absent on `new`. */
  readonly id = input<string>();
  protected readonly editing = computed(() => this.id() !== undefined && this.id() !== 'new');
  protected readonly canWrite = inject(AuthService).hasAnyRole('planner', 'admin');
  protected readonly loaded = signal<Forecast | null>(null);
  protected readonly busy = signal(false);
  protected readonly errors = new FormErrors();

  protected readonly form = new FormGroup({
    itemSku: new FormControl('', { nonNullable: true, validators: [Validators.required] }),
    forecastDate: new FormControl('', { nonNullable: true, validators: [Validators.required] }),
    quantity: new FormControl<number | null>(null, [Validators.required, Validators.min(0.001)]),
    note: new FormControl('', { nonNullable: true, validators: [Validators.maxLength(200)] }),
  });

  constructor() {
    effect(() => {
      if (!this.canWrite) this.form.disable();
      if (!this.editing()) return;
      this.form.controls.itemSku.disable();
      this.form.controls.forecastDate.disable();
      this.api.get(Number(this.id())).subscribe({
        next: (forecast) => {
          this.loaded.set(forecast);
          this.form.patchValue({ ...forecast, note: forecast.note ?? '' });
        },
        error: (err: unknown) => this.errors.show(this.form, err),
      });
    });
  }

  protected save(): void {
    if (this.busy() || !this.canWrite) return;
    this.form.markAllAsTouched();
    if (this.form.invalid) return;
    const { itemSku, forecastDate, quantity, note } = this.form.getRawValue();
    const trimmed = note.trim() || null;
    const id = this.loaded()?.id;
    const request: Observable<Forecast> =
      id === undefined
        ? this.api.create({ itemSku: itemSku.trim(), forecastDate, quantity: Number(quantity), note: trimmed })
        : this.api.update(id, { quantity: Number(quantity), note: trimmed });
    this.send(request, () => void this.router.navigate(['/planning/forecasts']));
  }

  protected remove(): void {
    const id = this.loaded()?.id;
    if (id === undefined || this.busy() || !this.canWrite) return;
    this.send(this.api.delete(id), () => void this.router.navigate(['/planning/forecasts']));
  }

  private send<T>(request: Observable<T>, done: () => void): void {
    this.busy.set(true);
    this.errors.clear();
    request.subscribe({
      next: () => {
        this.busy.set(false);
        done();
      },
      error: (err: unknown) => {
        this.busy.set(false);
        this.errors.show(this.form, err);
      },
    });
  }
}
