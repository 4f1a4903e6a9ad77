import { ChangeDetectionStrategy, Component, computed, effect, inject, input, signal, untracked } from '@angular/core';
import { FormArray, ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSnackBar } from '@angular/material/snack-bar';
import { Router, RouterLink } from '@angular/router';
import { Observable } from 'rxjs';
import { AuthService } from '../../core/auth/auth.service';
import { errorMessage } from '../../shared/api-error';
import { ErrorSummary } from '../../shared/field-error';
import { FormErrors } from '../../shared/field-errors';
import { StatusChip } from '../../shared/status-chip';
import { ItemSuppliersPanel } from './item-suppliers.panel';
import { MasterDataService } from './master-data.service';
import { RecordField } from './record-field';
import { buildRecordForm, fillRecordForm, frozenOf, newRow, recordPayload, RowForm } from './record-form';
import { ArrayDef, MasterRecord, RecordPanel, ResourceConfig } from './resource.types';
import { WarehouseLayoutPanel } from './warehouse-layout.panel';
import { WorkCentreRatesPanel } from '../manufacturing/work-centre-rates.panel';

/** One master-data record: create, change (only what changed is sent), deactivate and reactivate. */
@Component({
  selector: 'mw-master-record-page',
  imports: [
    ReactiveFormsModule,
    RouterLink,
    MatButtonModule,
    MatCardModule,
    MatProgressBarModule,
    ErrorSummary,
    StatusChip,
    RecordField,
    ItemSuppliersPanel,
    WarehouseLayoutPanel,
    WorkCentreRatesPanel,
  ],
  templateUrl: './master-record.page.html',
  styleUrl: './master-record.page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class MasterRecordPage {
  private readonly api = inject(MasterDataService);
  private readonly auth = inject(AuthService);
  private readonly router = inject(Router);
  private readonly snackBar = inject(MatSnackBar);

  /** From the route's data. */
  readonly config = input.required<ResourceConfig>();
  /** From the route's `:key`; absent on `new`. */
  readonly key = input<string>();

  protected readonly listUrl = computed(() => `/master-data/${this.config().path}`);
  protected readonly isNew = computed(() => !this.config().singleton && !this.key());
  protected readonly canWrite = computed(() => this.auth.hasAnyRole(...this.config().writeRoles));
  protected readonly form = computed(() => buildRecordForm(this.config(), this.isNew()));
  protected readonly record = signal<MasterRecord | null>(null);
  protected readonly loadError = signal<string | null>(null);
  protected readonly saving = signal(false);
  protected readonly errors = new FormErrors();
  protected readonly frozen = computed(() => frozenOf(this.config(), this.record()));
  protected readonly active = computed(() => this.record()?.['active'] !== false);
  protected readonly fields = computed(() => this.config().fields.filter((f) => !f.createOnly || this.isNew()));
  protected readonly title = computed(() => {
    const config = this.config();
    if (config.singleton) return config.title;
    return this.isNew()
      ? `New ${config.singular}`
      : `${config.singular[0]?.toUpperCase()}${config.singular.slice(1)} ${this.key()}`;
  });

  constructor() {
    effect(() => {
      const [config, key, form] = [this.config(), this.key(), this.form()];
      untracked(() => this.load(config, key, form));
    });
  }

  protected frozenReason(field: string): string | null {
    const frozen = this.frozen();
    return frozen.fields.includes(field) ? frozen.short : null;
  }

  protected rows(array: ArrayDef): FormArray<RowForm> {
    return this.form().get(array.key) as FormArray<RowForm>;
  }

  protected addRow(array: ArrayDef): void {
    this.rows(array).push(newRow(array));
    this.rows(array).markAsDirty();
  }

  protected removeRow(array: ArrayDef, index: number): void {
    this.rows(array).removeAt(index);
    this.rows(array).markAsDirty();
  }

  protected hasPanel(panel: RecordPanel): boolean {
    return !this.isNew() && !!this.record() && (this.config().panels ?? []).includes(panel);
  }

  protected save(): void {
    const [config, form] = [this.config(), this.form()];
    if (this.saving()) return;
    if (form.invalid) {
      form.markAllAsTouched();
      return;
    }
    const changes = recordPayload(form, config, !this.isNew() && !config.singleton);
    if (!this.isNew() && !config.singleton && Object.keys(changes).length === 0) {
      this.snackBar.open('Nothing changed', undefined, { duration: 2000 });
      return;
    }
    this.errors.clear();
    this.saving.set(true);
    this.request(config, changes).subscribe({
      next: (saved) => {
        this.saving.set(false);
        this.snackBar.open(`Saved ${config.singular}`, undefined, { duration: 2500 });
        if (this.isNew()) {
          const key = String(saved[config.key] ?? changes[config.key]);
          void this.router.navigate([this.listUrl(), key], { replaceUrl: true });
          return;
        }
        this.show(saved);
      },
      error: (err: unknown) => {
        this.saving.set(false);
        this.errors.show(form, err);
      },
    });
  }

  protected setActive(active: boolean): void {
    const key = this.key();
    if (!key) return;
    this.api.setActive(this.config().resource, key, active).subscribe({
      next: (saved) => {
        this.snackBar.open(active ? 'Reactivated' : 'Deactivated', undefined, { duration: 2500 });
        this.show({ ...(this.record() ?? {}), ...saved, active });
      },
      error: () => undefined, // the error interceptor tells the user why
    });
  }

  private request(config: ResourceConfig, changes: MasterRecord): Observable<MasterRecord> {
    if (config.singleton) return this.api.replace(config.resource, changes);
    const key = this.key();
    return key ? this.api.change(config.resource, key, changes) : this.api.create(config.resource, changes);
  }

  private load(config: ResourceConfig, key: string | undefined, form: ReturnType<typeof buildRecordForm>): void {
    this.record.set(null);
    this.errors.clear();
    this.loadError.set(null);
    if (!this.canWrite()) form.disable();
    if (!config.singleton && !key) return;
    this.api.get(config.resource, key).subscribe({
      next: (record) => this.show(record),
      error: (err: unknown) => this.loadError.set(errorMessage(err)),
    });
  }

  /** Shows a record: fills the form, keeps the key read-only and disables what the API reports frozen. */
  private show(record: MasterRecord): void {
    const [config, form] = [this.config(), this.form()];
    this.record.set(record);
    fillRecordForm(form, config, record);
    if (!this.canWrite()) return;
    const frozen = frozenOf(config, record).fields;
    for (const field of config.fields) {
      const control = form.get(field.key);
      if (!control) continue;
      const readOnly = (field.isKey && !config.singleton) || frozen.includes(field.key);
      if (readOnly) control.disable({ emitEvent: false });
      else control.enable({ emitEvent: false });
    }
  }
}
