import { ChangeDetectionStrategy, Component, inject, signal, viewChild } from '@angular/core';
import { FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { ActionKey } from '../../shared/action-key';
import { ErrorSummary, FieldError } from '../../shared/field-error';
import { FormErrors } from '../../shared/field-errors';
import { DataList } from '../../shared/list/data-list';
import { ListCell } from '../../shared/list/list-cell';
import { ListColumn, ListFilter } from '../../shared/list/list.types';
import { StatusChip } from '../../shared/status-chip';
import { StockTransfer, TransferService } from './transfer.service';

const COLUMNS: ListColumn<StockTransfer>[] = [
  { key: 'number', label: 'Transfer', essential: true },
  { key: 'status', label: 'Status', essential: true },
  { key: 'itemSku', label: 'Item', essential: true },
  { key: 'quantity', label: 'Quantity', numeric: true, essential: true },
  { key: 'fromLocation', label: 'From', sortable: false },
  { key: 'toWarehouse', label: 'To warehouse' },
  { key: 'toLocation', label: 'To bin', sortable: false },
  { key: 'expectedArrival', label: 'Expected' },
  { key: 'dispatchedAt', label: 'Dispatched', value: (row) => row.dispatchedAt.slice(0, 16).replace('T', ' ') },
];

const FILTERS: ListFilter[] = [
  {
    key: 'status',
    label: 'Status',
    options: [
      { value: 'dispatched', label: 'In transit' },
      { value: 'received', label: 'Received' },
    ],
  },
  { key: 'toWarehouse', label: 'To warehouse' },
];

const code = (required = true) =>
  new FormControl('', {
    nonNullable: true,
    validators: required ? [Validators.required, Validators.maxLength(40)] : [Validators.maxLength(40)],
  });

/**
 * Transfers between warehouses (issue 14): dispatch puts stock in transit (not free stock until received), the
 * shared list shows them, and a dispatched row opens its receipt into a destination bin.
 */
@Component({
  selector: 'mw-transfer-list-page',
  imports: [
    ReactiveFormsModule,
    MatButtonModule,
    MatCardModule,
    MatFormFieldModule,
    MatInputModule,
    DataList,
    ListCell,
    StatusChip,
    FieldError,
    ErrorSummary,
  ],
  templateUrl: './transfer-list.page.html',
  styleUrl: './transfer-list.page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class TransferListPage {
  private readonly api = inject(TransferService);
  private readonly list = viewChild.required(DataList);
  protected readonly columns = COLUMNS as ListColumn<never>[];
  protected readonly filters = FILTERS;
  protected readonly rowAttributes = (row: Record<string, unknown>) => ({
    'data-number': String(row['number']),
    'data-status': String(row['status']),
  });

  protected readonly dispatchForm = new FormGroup({
    itemSku: code(),
    lotCode: code(false),
    quantity: new FormControl<number | null>(null, {
      validators: [Validators.required, Validators.min(0.001), Validators.max(1_000_000_000)],
    }),
    fromLocation: code(),
    toWarehouse: new FormControl('', {
      nonNullable: true,
      validators: [Validators.required, Validators.maxLength(20)],
    }),
    toLocation: code(false),
    expectedArrival: new FormControl('', { nonNullable: true, validators: [Validators.required] }),
  });
  protected readonly dispatchErrors = new FormErrors();
  private readonly dispatchKey = new ActionKey();

  protected readonly receiveForm = new FormGroup({ toLocation: code(false) });
  protected readonly receiveErrors = new FormErrors();
  private readonly receiveKey = new ActionKey();

  /** The dispatched transfer whose receipt is open. */
  protected readonly receiving = signal<StockTransfer | null>(null);
  protected readonly busy = signal(false);
  protected readonly done = signal<string | null>(null);

  constructor() {
    // Changed input is a new action: it gets its own key.
    this.dispatchForm.valueChanges.subscribe(() => this.dispatchKey.reset());
    this.receiveForm.valueChanges.subscribe(() => this.receiveKey.reset());
  }

  protected open(row: StockTransfer): void {
    this.done.set(null);
    this.receiveErrors.clear();
    if (row.status !== 'dispatched') {
      this.receiving.set(null);
      return;
    }
    this.receiveForm.reset({ toLocation: row.toLocation ?? '' });
    this.receiving.set(row);
  }

  protected dispatch(): void {
    if (this.dispatchForm.invalid) {
      this.dispatchForm.markAllAsTouched();
      return;
    }
    const v = this.dispatchForm.getRawValue();
    const text = (value: string) => value.trim() || undefined;
    this.start(this.dispatchErrors);
    this.api
      .dispatch(
        {
          itemSku: v.itemSku.trim(),
          lotCode: text(v.lotCode),
          quantity: Number(v.quantity),
          fromLocation: v.fromLocation.trim(),
          toWarehouse: v.toWarehouse.trim(),
          toLocation: text(v.toLocation),
          expectedArrival: v.expectedArrival,
        },
        this.dispatchKey.take(),
      )
      .subscribe({
        next: (transfer) =>
          this.finish(this.dispatchKey, `${transfer.number} dispatched: in transit to ${transfer.toWarehouse}`),
        error: (err) => this.fail(this.dispatchForm, this.dispatchErrors, err),
      });
  }

  protected receive(): void {
    const transfer = this.receiving();
    if (!transfer) return;
    this.start(this.receiveErrors);
    const toLocation = this.receiveForm.getRawValue().toLocation.trim() || undefined;
    this.api.receive(transfer.number, toLocation, this.receiveKey.take()).subscribe({
      next: (received) => {
        this.receiving.set(null);
        this.finish(this.receiveKey, `${received.number} received at ${received.toLocation}`);
      },
      error: (err) => this.fail(this.receiveForm, this.receiveErrors, err),
    });
  }

  private start(errors: FormErrors): void {
    errors.clear();
    this.done.set(null);
    this.busy.set(true);
  }

  private finish(key: ActionKey, message: string): void {
    this.busy.set(false);
    key.reset();
    this.done.set(message);
    this.list().reload();
  }

  private fail(form: FormGroup, errors: FormErrors, err: unknown): void {
    this.busy.set(false);
    errors.show(form, err);
  }
}
