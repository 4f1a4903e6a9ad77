import { DatePipe, DecimalPipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject, input, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatDialog } from '@angular/material/dialog';
import { MatSnackBar } from '@angular/material/snack-bar';
import { RouterLink } from '@angular/router';
import { finalize } from 'rxjs';
import { AuthService } from '../../core/auth/auth.service';
import { errorMessage } from '../../shared/api-error';
import { CurrencyService } from '../../shared/currency.service';
import { ProcessInstance } from '../../shared/api.types';
import { CancelOrderData, CancelOrderDialog, CancelOrderResult } from './cancel-order-dialog';
import { OrderAllocationRounds } from './order-allocation-rounds';
import { OrderChanges } from './order-changes';
import { OrderDispatch } from './order-dispatch';
import { OrderSummaryView } from './order-summary';
import { isCancellable, orderStateOf, shippedByLine } from './order-fulfillment-state';
import { OrderService } from './order.service';

const CHANGEABLE_STEPS = new Set(['reserving', 'awaiting-pick', 'backordered']);

/**
 * The order behind an order-fulfillment instance, from the workflow's live state: lines and what is still open,
 * the credit decision, allocations per round with their reasons, staged stock and shipments; and "Cancel order"
 * for the roles that may, while the workflow still accepts it.
 */
@Component({
  selector: 'mw-order-fulfillment-panel',
  imports: [
    DatePipe,
    DecimalPipe,
    RouterLink,
    MatButtonModule,
    MatCardModule,
    OrderAllocationRounds,
    OrderChanges,
    OrderDispatch,
    OrderSummaryView,
  ],
  templateUrl: './order-fulfillment-panel.html',
  styleUrl: './order-fulfillment-panel.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class OrderFulfillmentPanel {
  private readonly orders = inject(OrderService);
  private readonly dialog = inject(MatDialog);
  private readonly snackBar = inject(MatSnackBar);
  private readonly auth = inject(AuthService);
  protected readonly currency = inject(CurrencyService).code;

  readonly instance = input.required<ProcessInstance>();
  /** The workflow's `getState` answer (null when the query timed out). */
  readonly state = input<unknown>(null);

  protected readonly order = computed(() => orderStateOf(this.state()));
  protected readonly orderNumber = computed(() => this.order()?.orderNumber ?? this.instance().businessKey);
  protected readonly canCancel = computed(
    () => this.auth.hasAnyRole('clerk', 'controller', 'admin') && isCancellable(this.instance(), this.order()),
  );
  protected readonly lines = computed(() => {
    const order = this.order();
    if (!order) return [];
    const shipped = shippedByLine(order);
    return order.lines.map((line) => ({
      ...line,
      shippedTotal: shipped.get(line.lineNo) ?? 0,
      open: order.openByLine[String(line.lineNo)] ?? null,
    }));
  });
  /** Quantities change, split and merge only before picking (the workflow's rule; it re-checks). */
  protected readonly canChange = computed(
    () =>
      this.auth.hasAnyRole('clerk', 'admin') &&
      this.instance().status === 'running' &&
      CHANGEABLE_STEPS.has(this.order()?.step ?? '') &&
      (this.order()?.staged.length ?? 0) === 0,
  );
  protected readonly credit = computed(() => this.order()?.credit ?? null);

  protected readonly cancelling = signal(false);
  protected readonly cancelError = signal<string | null>(null);

  protected cancel(): void {
    const orderNumber = this.orderNumber();
    this.cancelError.set(null);
    const submit = (reason: string) => {
      this.cancelling.set(true);
      return this.orders.cancel(orderNumber, reason).pipe(finalize(() => this.cancelling.set(false)));
    };
    this.dialog
      .open<CancelOrderDialog, CancelOrderData, CancelOrderResult>(CancelOrderDialog, {
        data: { orderNumber, submit },
        width: '460px',
      })
      .afterClosed()
      .subscribe((result) => {
        if (!result) return;
        if (result.cancelled) this.snackBar.open(`Cancelling order ${orderNumber}`, undefined, { duration: 3000 });
        else this.cancelError.set(errorMessage(result.error));
      });
  }
}
