import { ChangeDetectionStrategy, Component, inject, signal, viewChild } from '@angular/core';
import { FormArray, FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { RouterLink } from '@angular/router';
import { errorMessage } from '../../shared/api-error';
import { FieldError } from '../../shared/field-error';
import { FormErrors, problemsOf } from '../../shared/field-errors';
import { DataList } from '../../shared/list/data-list';
import { ListColumn, ListFilter } from '../../shared/list/list.types';
import { OpenInvoice, PaymentKind, PaymentService } from './payment.service';

const COLUMNS: ListColumn[] = [
  { key: 'paymentNumber', label: 'Payment', essential: true, sortable: false },
  { key: 'kind', label: 'Kind', sortable: false },
  {
    key: 'partner',
    label: 'Partner',
    essential: true,
    sortable: false,
    value: (r) => `${r['partnerName']} (${r['partner']})`,
  },
  { key: 'paidOn', label: 'Paid on', sortable: false },
  { key: 'amount', label: 'Amount', money: true, essential: true, sortable: false },
  {
    key: 'allocations',
    label: 'Applied to',
    sortable: false,
    value: (r) => (r['allocations'] as Array<{ invoiceNumber: string }>).map((a) => a.invoiceNumber).join(', '),
  },
  { key: 'source', label: 'Source', sortable: false },
];
const FILTERS: ListFilter[] = [
  {
    key: 'kind',
    label: 'Kind',
    options: [
      { value: 'customer-receipt', label: 'Customer receipts' },
      { value: 'supplier-payment', label: 'Supplier payments' },
    ],
  },
  { key: 'partner', label: 'Partner code' },
];

/** Payments in and out: enter one (applied to chosen open invoices, or the oldest first), import a bank statement. */
@Component({
  selector: 'mw-payments-page',
  imports: [
    DataList,
    ReactiveFormsModule,
    MatButtonModule,
    MatFormFieldModule,
    MatInputModule,
    MatSelectModule,
    FieldError,
    RouterLink,
  ],
  templateUrl: './payments.page.html',
  styleUrl: './payments.page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class PaymentsPage {
  private readonly payments = inject(PaymentService);
  private readonly list = viewChild(DataList);
  protected readonly columns = COLUMNS as ListColumn<never>[];
  protected readonly filters = FILTERS;
  protected readonly errors = new FormErrors();
  protected readonly invoices = signal<OpenInvoice[]>([]);
  protected readonly notice = signal<string | null>(null);
  protected readonly importProblems = signal<string[]>([]);
  private key = crypto.randomUUID();

  protected readonly form = new FormGroup({
    kind: new FormControl<PaymentKind>('customer-receipt', { nonNullable: true }),
    partner: new FormControl('', { nonNullable: true, validators: [Validators.required] }),
    amount: new FormControl<number | null>(null, [Validators.required, Validators.min(0.01)]),
    paidOn: new FormControl(new Date().toISOString().slice(0, 10), {
      nonNullable: true,
      validators: [Validators.required],
    }),
    reference: new FormControl('', { nonNullable: true }),
    allocations: new FormArray<FormGroup<{ invoiceNumber: FormControl<string>; amount: FormControl<number | null> }>>(
      [],
    ),
  });

  /** Loads the partner's open invoices, each with an empty amount (all empty: the oldest first). */
  protected loadInvoices(): void {
    const { kind, partner } = this.form.getRawValue();
    if (!partner) return;
    this.payments.openInvoices(kind, partner).subscribe({
      next: ({ items }) => {
        this.invoices.set(items);
        const rows = this.form.controls.allocations;
        rows.clear();
        for (const invoice of items) {
          rows.push(
            new FormGroup({
              invoiceNumber: new FormControl(invoice.invoiceNumber, { nonNullable: true }),
              amount: new FormControl<number | null>(null, [Validators.min(0.01), Validators.max(invoice.openAmount)]),
            }),
          );
        }
      },
      error: (err) => this.errors.show(this.form, err),
    });
  }

  protected submit(): void {
    this.errors.clear();
    if (this.form.invalid) return this.form.markAllAsTouched();
    const value = this.form.getRawValue();
    // Only the invoices given an amount; the server names them allocations.<i> in that order.
    const allocations = value.allocations
      .filter((a) => a.amount !== null && a.amount > 0)
      .map((a) => ({ invoiceNumber: a.invoiceNumber, amount: Number(a.amount) }));
    const body = {
      kind: value.kind,
      partner: value.partner,
      amount: Number(value.amount),
      paidOn: value.paidOn,
      ...(value.reference ? { reference: value.reference } : {}),
      ...(allocations.length ? { allocations } : {}),
    };
    this.payments.enter(body, this.key).subscribe({
      next: () => {
        this.key = crypto.randomUUID();
        this.notice.set(`Payment of ${body.amount} entered`);
        this.form.controls.amount.reset();
        this.loadInvoices();
        this.list()?.reload();
      },
      error: (err) => this.errors.show(this.form, remapAllocations(err, value.allocations, allocations)),
    });
  }

  protected importFile(input: HTMLInputElement): void {
    const file = input.files?.[0];
    if (!file) return;
    this.importProblems.set([]);
    void file.text().then((csv) =>
      this.payments.importStatement(csv, 'apply').subscribe({
        next: (result) => {
          this.notice.set(`Imported ${result.rows} payments`);
          this.list()?.reload();
          input.value = '';
        },
        error: (err) => {
          const problems = problemsOf(err).map((p) => `${p.path}: ${p.message}`);
          this.importProblems.set(problems.length ? problems : [errorMessage(err)]);
          input.value = '';
        },
      }),
    );
  }
}

/** The server numbers the allocations sent; the form shows every open invoice: point each problem at its row. */
function remapAllocations(
  err: unknown,
  rows: Array<{ invoiceNumber: string }>,
  sent: Array<{ invoiceNumber: string }>,
): unknown {
  const body = (err as { error?: { error?: { field?: string; details?: Array<{ path: string }> } } }).error?.error;
  const remap = (path: string | undefined) => {
    const match = /^allocations\.(\d+)\.(.*)$/.exec(path ?? '');
    if (!match) return path;
    const row = rows.findIndex((r) => r.invoiceNumber === sent[Number(match[1])]?.invoiceNumber);
    return row < 0 ? path : `allocations.${row}.${match[2]}`;
  };
  if (body) {
    body.field = remap(body.field);
    for (const detail of body.details ?? []) detail.path = remap(detail.path) ?? detail.path;
  }
  return err;
}
