import { HttpParams } from '@angular/common/http';
import {
  ChangeDetectionStrategy,
  Component,
  computed,
  effect,
  inject,
  input,
  output,
  signal,
  untracked,
  viewChild,
} from '@angular/core';
import { FormGroupDirective, ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatTableModule } from '@angular/material/table';
import { errorMessage } from '../../shared/api-error';
import { ErrorSummary } from '../../shared/field-error';
import { FormErrors } from '../../shared/field-errors';
import { MasterDataService } from './master-data.service';
import { RecordField } from './record-field';
import { buildRecordForm, fillRecordForm, recordPayload } from './record-form';
import { FieldDef, MasterRecord, ResourceConfig } from './resource.types';

/**
 * The records that belong to one record (an item's suppliers, a warehouse's zones and bins): a table and a
 * form to add one, or to change one when `editUrl` is given (clicking a row loads it into the form).
 */
@Component({
  selector: 'mw-sub-records',
  imports: [ReactiveFormsModule, MatTableModule, MatButtonModule, MatCardModule, RecordField, ErrorSummary],
  templateUrl: './sub-records.html',
  styles: `
    .grid {
      display: grid;
      grid-template-columns: repeat(auto-fill, minmax(180px, 1fr));
      gap: 12px;
      margin-bottom: 12px;
    }
    .table-scroll {
      overflow-x: auto;
      margin-bottom: 12px;
    }
    .editable {
      cursor: pointer;
    }
    mat-card {
      margin-top: 16px;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SubRecords {
  private readonly api = inject(MasterDataService);

  readonly heading = input.required<string>();
  /** GET: `{ items }` (a plain or a paged list). */
  readonly listUrl = input.required<string>();
  readonly listParams = input<Record<string, string>>({});
  /** POST: creates one. */
  readonly createUrl = input.required<string>();
  /** PATCH url of a row; rows are read-only without it. */
  readonly editUrl = input<((row: MasterRecord) => string) | null>(null);
  readonly fields = input.required<FieldDef[]>();
  readonly columns = input.required<{ key: string; label: string }[]>();
  readonly rowKey = input.required<string>();
  /** Sent with every new record (e.g. the warehouse a bin belongs to). */
  readonly extraBody = input<MasterRecord>({});
  readonly canWrite = input(false);
  /** Prefix of the data-testids (`zones` -> zones-row, zones-save ...). */
  readonly testId = input.required<string>();
  readonly loaded = output<MasterRecord[]>();

  protected readonly rows = signal<MasterRecord[]>([]);
  protected readonly loadError = signal<string | null>(null);
  protected readonly editing = signal<MasterRecord | null>(null);
  protected readonly saving = signal(false);
  protected readonly errors = new FormErrors();
  protected readonly columnKeys = computed(() => this.columns().map((column) => column.key));
  private readonly config = computed<ResourceConfig>(() => ({
    resource: '',
    path: '',
    title: this.heading(),
    singular: '',
    key: this.rowKey(),
    columns: [],
    fields: this.fields(),
    writeRoles: [],
  }));
  protected readonly form = computed(() => buildRecordForm(this.config(), true));
  private readonly formDirective = viewChild(FormGroupDirective);

  constructor() {
    effect(() => {
      const [url, params] = [this.listUrl(), this.listParams()];
      untracked(() => this.reload(url, params));
    });
  }

  protected cell(row: MasterRecord, key: string): string {
    const value = row[key];
    if (value === null || value === undefined) return '';
    if (typeof value === 'boolean') return value ? 'Yes' : 'No';
    return String(value);
  }

  protected edit(row: MasterRecord): void {
    if (!this.editUrl() || !this.canWrite()) return;
    this.editing.set(row);
    this.errors.clear();
    fillRecordForm(this.form(), this.config(), row);
    this.form().get(this.rowKey())?.disable();
  }

  protected cancel(): void {
    this.editing.set(null);
    this.errors.clear();
    // Resetting through the directive also clears its "submitted" state, so the emptied fields show no errors.
    const directive = this.formDirective();
    if (directive) directive.resetForm();
    else this.form().reset();
    this.form().get(this.rowKey())?.enable();
  }

  protected save(): void {
    const form = this.form();
    if (this.saving()) return;
    if (form.invalid) {
      form.markAllAsTouched();
      return;
    }
    const editing = this.editing();
    const edit = this.editUrl();
    const body = recordPayload(form, this.config(), false);
    const request =
      editing && edit
        ? this.api.patch(edit(editing), body)
        : this.api.post(this.createUrl(), { ...this.extraBody(), ...body });
    this.saving.set(true);
    this.errors.clear();
    request.subscribe({
      next: () => {
        this.saving.set(false);
        this.cancel();
        this.reload(this.listUrl(), this.listParams());
      },
      error: (err: unknown) => {
        this.saving.set(false);
        this.errors.show(form, err);
      },
    });
  }

  private reload(url: string, params: Record<string, string>): void {
    const query = new HttpParams({ fromObject: params }).toString();
    this.api.listOf<MasterRecord>(query ? `${url}?${query}` : url).subscribe({
      next: ({ items }) => {
        this.loadError.set(null);
        this.rows.set(items);
        this.loaded.emit(items);
      },
      error: (err: unknown) => this.loadError.set(errorMessage(err)),
    });
  }
}
