import { DecimalPipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { Router } from '@angular/router';
import { apiErrorOf, errorMessage } from '../../shared/api-error';
import { PurchasingService } from '../purchasing/purchasing.service';
import { SubcontractingService } from '../subcontracting/subcontracting.service';
import { SupplierInvoiceService } from './supplier-invoice.service';

interface EntryLine {
  lineNo: number;
  itemSku: string;
  receivedQuantity: number;
  orderUnitPrice: number;
  quantity: number;
  unitPrice: number;
  taxRate: number;
}

/** Which order an invoice is against: goods on a purchase order, or a subcontract order's processing fees. */
type OrderKind = 'purchase' | 'subcontract';

/**
 * Entering a supplier invoice: the purchase order's lines are loaded (received quantities and order prices as a
 * start), or for a subcontract fee invoice the subcontract order's deliveries (delivered quantity and fee per unit),
 * the clerk types what the supplier billed (quantity, net price, tax rate per line) and submits; the match runs in the
 * invoice's process. A refusal names the field it is about.
 */
@Component({
  selector: 'mw-supplier-invoice-new-page',
  imports: [DecimalPipe, FormsModule, MatButtonModule, MatFormFieldModule, MatInputModule, MatSelectModule],
  template: `
    <section class="page">
      <header class="page-header"><h1>Enter a supplier invoice</h1></header>
      <div class="row">
        <mat-form-field appearance="outline">
          <mat-label>Against</mat-label>
          <mat-select data-testid="si-kind" [(ngModel)]="kind" (selectionChange)="supplierCode.set(null)">
            <mat-option value="purchase">Purchase order</mat-option>
            <mat-option value="subcontract">Subcontract order (fees)</mat-option>
          </mat-select>
        </mat-form-field>
        <mat-form-field appearance="outline">
          <mat-label>{{ kind === 'subcontract' ? 'Subcontract order' : 'Purchase order' }}</mat-label>
          <input matInput data-testid="si-order" [(ngModel)]="orderNumber" />
        </mat-form-field>
        <button mat-stroked-button type="button" data-testid="si-load" (click)="load()">Load lines</button>
      </div>
      @if (supplierCode()) {
        <div class="row">
          <span data-testid="si-supplier">Supplier {{ supplierCode() }}</span>
          <mat-form-field appearance="outline">
            <mat-label>Invoice number</mat-label>
            <input matInput data-testid="si-number" [(ngModel)]="invoiceNumber" />
          </mat-form-field>
          <mat-form-field appearance="outline">
            <mat-label>Invoice date</mat-label>
            <input matInput type="date" data-testid="si-date" [(ngModel)]="invoiceDate" />
          </mat-form-field>
        </div>
        <table class="lines">
          <thead>
            <tr>
              <th>{{ kind === 'subcontract' ? 'Delivery' : 'Line' }}</th>
              <th>Item</th>
              <th class="num">{{ kind === 'subcontract' ? 'Delivered' : 'Received' }}</th>
              <th class="num">{{ kind === 'subcontract' ? 'Fee per unit' : 'Order price' }}</th>
              <th>Quantity</th>
              <th>Net price</th>
              <th>Tax %</th>
            </tr>
          </thead>
          <tbody>
            @for (line of lines(); track line.lineNo; let i = $index) {
              <tr data-testid="si-line">
                <td>{{ line.lineNo }}</td>
                <td>{{ line.itemSku }}</td>
                <td class="num">{{ line.receivedQuantity | number: '1.0-3' }}</td>
                <td class="num">{{ line.orderUnitPrice | number: '1.2-6' }}</td>
                <td><input type="number" [attr.data-testid]="'si-qty-' + i" [(ngModel)]="line.quantity" /></td>
                <td><input type="number" [attr.data-testid]="'si-price-' + i" [(ngModel)]="line.unitPrice" /></td>
                <td><input type="number" [attr.data-testid]="'si-tax-' + i" [(ngModel)]="line.taxRate" /></td>
              </tr>
            }
          </tbody>
        </table>
        <button mat-flat-button type="button" data-testid="si-submit" [disabled]="busy()" (click)="submit()">
          Enter invoice
        </button>
      }
      @if (error(); as message) {
        <p class="inline-error" role="alert" data-testid="si-error">{{ message }}</p>
      }
    </section>
  `,
  styles: `
    .row {
      display: flex;
      gap: 12px;
      align-items: baseline;
      flex-wrap: wrap;
    }
    .lines {
      border-collapse: collapse;
      margin: 12px 0;
    }
    .lines th,
    .lines td {
      padding: 4px 8px;
      text-align: left;
    }
    .lines .num {
      text-align: right;
    }
    .lines input {
      width: 100px;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SupplierInvoiceNewPage {
  private readonly purchasing = inject(PurchasingService);
  private readonly subcontracting = inject(SubcontractingService);
  private readonly invoices = inject(SupplierInvoiceService);
  private readonly router = inject(Router);

  protected kind: OrderKind = 'purchase';
  protected orderNumber = '';
  protected invoiceNumber = '';
  protected invoiceDate = new Date().toISOString().slice(0, 10);
  protected readonly supplierCode = signal<string | null>(null);
  protected readonly lines = signal<EntryLine[]>([]);
  protected readonly busy = signal(false);
  protected readonly error = signal<string | null>(null);

  protected load(): void {
    this.error.set(null);
    if (this.kind === 'subcontract') {
      this.loadDeliveries();
      return;
    }
    this.purchasing.get(this.orderNumber.trim()).subscribe({
      next: (order) => {
        this.supplierCode.set(order.supplierCode);
        this.lines.set(
          order.lines.map((line) => ({
            lineNo: line.lineNo,
            itemSku: line.itemSku,
            receivedQuantity: line.receivedQuantity,
            orderUnitPrice: line.unitCost,
            quantity: line.receivedQuantity,
            unitPrice: line.unitCost,
            taxRate: 19,
          })),
        );
      },
      error: (err: unknown) => this.error.set(errorMessage(err)),
    });
  }

  /** A fee invoice's lines: the order's deliveries not rejected, delivered quantity at the order's fee as a start. */
  private loadDeliveries(): void {
    this.subcontracting.get(this.orderNumber.trim()).subscribe({
      next: (order) => {
        this.supplierCode.set(order.supplierCode);
        this.lines.set(
          order.deliveries
            .filter((delivery) => delivery.status !== 'rejected')
            .map((delivery) => ({
              lineNo: delivery.deliveryNo,
              itemSku: order.itemSku,
              receivedQuantity: delivery.finishedQuantity,
              orderUnitPrice: order.feePerUnit,
              quantity: delivery.finishedQuantity,
              unitPrice: order.feePerUnit,
              taxRate: 19,
            })),
        );
      },
      error: (err: unknown) => this.error.set(errorMessage(err)),
    });
  }

  protected submit(): void {
    const supplierCode = this.supplierCode();
    if (!supplierCode || this.busy()) return;
    this.busy.set(true);
    this.error.set(null);
    const fees = this.kind === 'subcontract';
    const lines = this.lines()
      .filter((line) => Number(line.quantity) > 0)
      .map((line) => ({
        ...(fees ? { deliveryNo: line.lineNo } : { lineNo: line.lineNo }),
        quantity: Number(line.quantity),
        unitPrice: Number(line.unitPrice),
        taxRate: Number(line.taxRate),
      }));
    this.invoices
      .create({
        supplierCode,
        invoiceNumber: this.invoiceNumber.trim(),
        ...(fees ? { subcontractOrderNo: this.orderNumber.trim() } : { orderNumber: this.orderNumber.trim() }),
        invoiceDate: this.invoiceDate,
        lines,
      })
      .subscribe({
        next: () => void this.router.navigate(['/supplier-invoices']),
        error: (err: unknown) => {
          this.busy.set(false);
          const field = apiErrorOf(err)?.field;
          this.error.set(field ? `${field}: ${errorMessage(err)}` : errorMessage(err));
        },
      });
  }
}
