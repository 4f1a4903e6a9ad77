import { DatePipe, DecimalPipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject, input, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { RouterLink } from '@angular/router';
import { AuthService } from '../../core/auth/auth.service';
import { StatusChip } from '../../shared/status-chip';
import { ReturnableLine, SupplierReturnsPanel } from '../supplier-returns/supplier-returns-panel';
import { PurchasingService } from './purchasing.service';

/** Statuses an order can still receive in, and so be closed short from. */
const RECEIVING = ['open', 'partly-received'];

/**
 * One purchase order: per line ordered / received / open quantity, due date and the supplier invoices on it, each
 * delivery (dated when the goods arrived) and, while lines are open, "Close short" with a reason (the supplier will not send the rest).
 */
@Component({
  selector: 'mw-purchase-order-detail-page',
  imports: [
    DatePipe,
    DecimalPipe,
    RouterLink,
    MatButtonModule,
    MatCardModule,
    MatFormFieldModule,
    MatInputModule,
    StatusChip,
    SupplierReturnsPanel,
  ],
  templateUrl: './purchase-order-detail.page.html',
  styles: `
    mat-card {
      margin-bottom: 16px;
    }
    table {
      border-collapse: collapse;
      width: 100%;
    }
    th,
    td {
      padding: 6px 12px 6px 0;
      text-align: left;
      border-bottom: 1px solid rgba(0, 0, 0, 0.08);
    }
    .num {
      text-align: right;
    }
    .wide {
      width: min(100%, 480px);
      margin-right: 12px;
    }
    [data-testid='po-delivery'] {
      padding: 4px 0;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class PurchaseOrderDetailPage {
  private readonly api = inject(PurchasingService);
  private readonly auth = inject(AuthService);
  readonly orderNumber = input.required<string>();

  protected readonly order = rxResource({
    params: () => this.orderNumber(),
    stream: ({ params }) => this.api.get(params),
  });
  /** Received lines with the lots they came in, for "Return to supplier" (features/supplier-returns). */
  protected readonly returnableLines = computed<ReturnableLine[]>(() => {
    const order = this.order.value();
    if (!order) return [];
    return order.lines.map((line) => ({
      lineNo: line.lineNo,
      itemSku: line.itemSku,
      uom: line.uom,
      receivedQuantity: line.receivedQuantity,
      lots: [
        ...new Set(
          order.deliveries.flatMap((d) =>
            d.lines.filter((l) => l.lineNo === line.lineNo && l.lotCode).map((l) => l.lotCode ?? ''),
          ),
        ),
      ],
    }));
  });
  protected readonly reason = signal('');
  protected readonly closing = signal(false);
  protected readonly closeError = signal<string | null>(null);
  protected readonly canClose = computed(() => {
    const order = this.order.value();
    return !!order && RECEIVING.includes(order.status) && this.auth.hasAnyRole('clerk', 'admin');
  });

  protected closeShort(): void {
    if (this.reason().trim() === '') {
      this.closeError.set('Say why the rest will not come.');
      return;
    }
    this.closing.set(true);
    this.closeError.set(null);
    this.api.closeShort(this.orderNumber(), this.reason().trim()).subscribe({
      next: () => this.waitForClose(10),
      error: (err: { error?: { error?: { message?: string } } }) => {
        this.closing.set(false);
        this.closeError.set(err.error?.error?.message ?? 'The order could not be closed.');
      },
    });
  }

  /** The workflow closes the order moments after the request: re-read until it has. */
  private waitForClose(triesLeft: number): void {
    this.order.reload();
    setTimeout(() => {
      const status = this.order.value()?.status;
      if (status && RECEIVING.includes(status) && triesLeft > 0) this.waitForClose(triesLeft - 1);
      else this.closing.set(false);
    }, 700);
  }
}
