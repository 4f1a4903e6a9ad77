import { DatePipe, DecimalPipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject, input, linkedSignal, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { RouterLink } from '@angular/router';
import { SupplierReturnService } from './supplier-return.service';

/** What the panel needs of an order line: what was received, and in which lots. */
export interface ReturnableLine {
  lineNo: number;
  itemSku: string;
  uom: string;
  receivedQuantity: number;
  lots: string[];
}

/**
 * "Return to supplier" on a purchase order: the returns already made (each opens its process), and a form taking a
 * quantity (and lot) per received line, a reason and whether the supplier replaces the goods. A refusal (more than
 * was received) is shown with the line it names.
 */
@Component({
  selector: 'mw-supplier-returns-panel',
  imports: [
    DatePipe,
    DecimalPipe,
    RouterLink,
    MatButtonModule,
    MatCardModule,
    MatCheckboxModule,
    MatFormFieldModule,
    MatInputModule,
    MatSelectModule,
  ],
  template: `
    <mat-card data-testid="po-returns">
      <mat-card-header><mat-card-title>Returns to the supplier</mat-card-title></mat-card-header>
      <mat-card-content>
        @for (ret of returns.value() ?? []; track ret.returnNumber) {
          <p data-testid="po-return" [attr.data-return-number]="ret.returnNumber">
            <a [routerLink]="['/processes', ret.workflowId]">{{ ret.returnNumber }}</a> · {{ ret.status }} ·
            {{ ret.quantity | number }} back{{ ret.replace ? ', to be replaced' : '' }} ·
            {{ ret.value | number: '1.2-2' }} · {{ ret.createdAt | date: 'short' }} by {{ ret.createdBy }}
          </p>
        } @empty {
          <p class="muted">Nothing returned.</p>
        }
        @if (!open()) {
          <button mat-stroked-button type="button" data-testid="po-return-open" (click)="open.set(true)">
            Return to supplier
          </button>
        } @else {
          <table>
            <tbody>
              @for (line of returnable(); track line.lineNo; let i = $index) {
                <tr data-testid="po-return-line" [attr.data-line-no]="line.lineNo">
                  <td>{{ line.lineNo }} · {{ line.itemSku }} ({{ line.receivedQuantity | number }} {{ line.uom }})</td>
                  <td>
                    <mat-form-field appearance="outline" subscriptSizing="dynamic">
                      <mat-label>Quantity back</mat-label>
                      <input
                        matInput
                        type="number"
                        min="0"
                        data-testid="po-return-quantity"
                        [value]="quantities()[i] ?? ''"
                        (input)="setQuantity(i, $any($event.target).value)"
                      />
                    </mat-form-field>
                  </td>
                  <td>
                    @if (line.lots.length > 0) {
                      <mat-form-field appearance="outline" subscriptSizing="dynamic">
                        <mat-label>Lot</mat-label>
                        <mat-select
                          data-testid="po-return-lot"
                          [value]="lots()[i]"
                          (selectionChange)="setLot(i, $event.value)"
                        >
                          @for (lot of line.lots; track lot) {
                            <mat-option [value]="lot">{{ lot }}</mat-option>
                          }
                        </mat-select>
                      </mat-form-field>
                    }
                  </td>
                </tr>
              }
            </tbody>
          </table>
          <mat-form-field appearance="outline" class="wide">
            <mat-label>Reason</mat-label>
            <input
              matInput
              data-testid="po-return-reason"
              [value]="reason()"
              (input)="reason.set($any($event.target).value)"
            />
          </mat-form-field>
          <mat-checkbox data-testid="po-return-replace" [checked]="replace()" (change)="replace.set($event.checked)">
            The supplier will replace the goods (the quantity reopens on the order)
          </mat-checkbox>
          @if (error(); as message) {
            <p class="error" role="alert" data-testid="po-return-error">{{ message }}</p>
          }
          <div>
            <button mat-flat-button type="button" data-testid="po-return-submit" [disabled]="busy()" (click)="submit()">
              Return
            </button>
            <button mat-button type="button" (click)="open.set(false)">Cancel</button>
          </div>
        }
      </mat-card-content>
    </mat-card>
  `,
  styles: `
    .error {
      color: var(--mat-sys-error, #b00020);
    }
    .wide {
      width: min(100%, 480px);
      display: block;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SupplierReturnsPanel {
  private readonly api = inject(SupplierReturnService);
  readonly orderNumber = input.required<string>();
  readonly lines = input.required<ReturnableLine[]>();

  protected readonly returns = rxResource({
    params: () => this.orderNumber(),
    stream: ({ params }) => this.api.forOrder(params),
  });
  protected readonly returnable = computed(() => this.lines().filter((line) => line.receivedQuantity > 0));
  protected readonly open = signal(false);
  protected readonly quantities = linkedSignal<(number | null)[]>(() => this.returnable().map(() => null));
  protected readonly lots = linkedSignal<(string | undefined)[]>(() => this.returnable().map((line) => line.lots[0]));
  protected readonly reason = signal('');
  protected readonly replace = signal(false);
  protected readonly busy = signal(false);
  protected readonly error = signal<string | null>(null);
  /** One key per attempt at this form: a double click or a retry after a lost answer stores one return. */
  private key = crypto.randomUUID();

  protected setQuantity(index: number, value: string): void {
    const quantity = value === '' ? null : Number(value);
    this.quantities.update((all) => all.map((q, i) => (i === index ? quantity : q)));
    this.key = crypto.randomUUID();
  }

  protected setLot(index: number, lot: string): void {
    this.lots.update((all) => all.map((l, i) => (i === index ? lot : l)));
    this.key = crypto.randomUUID();
  }

  protected submit(): void {
    const lines = this.returnable()
      .map((line, i) => ({ lineNo: line.lineNo, lot: this.lots()[i], quantity: this.quantities()[i] ?? 0 }))
      .filter((line) => line.quantity > 0)
      .map((line) => ({ ...line, reason: this.reason().trim() }));
    if (lines.length === 0) return this.error.set('Enter the quantity that goes back on at least one line.');
    if (this.reason().trim() === '') return this.error.set('Say why the goods go back.');
    this.busy.set(true);
    this.error.set(null);
    const body = { purchaseOrderNumber: this.orderNumber(), replace: this.replace(), lines };
    this.api.create(body, this.key).subscribe({
      next: () => {
        this.busy.set(false);
        this.open.set(false);
        this.key = crypto.randomUUID();
        this.returns.reload();
      },
      error: (err: { error?: { error?: { message?: string; field?: string } } }) => {
        this.busy.set(false);
        const refusal = err.error?.error;
        this.error.set(
          refusal?.message
            ? `${refusal.field ? `${refusal.field}: ` : ''}${refusal.message}`
            : 'The return was refused.',
        );
      },
    });
  }
}
