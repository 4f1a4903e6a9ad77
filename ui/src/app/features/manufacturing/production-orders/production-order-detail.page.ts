import { DatePipe, DecimalPipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject, input, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { RouterLink } from '@angular/router';
import { AuthService } from '../../../core/auth/auth.service';
import { errorMessage } from '../../../shared/api-error';
import { StatusChip } from '../../../shared/status-chip';
import { ProductionOrderComponents } from './production-order-components';
import { ProductionOrderCostPanel } from './production-order-cost';
import { ProductionOrderKit } from './production-order-kit';
import { ProductionOrderMerged } from './production-order-merged';
import { ProductionOrderOperations } from './production-order-operations';
import { ProductionOrderTimeline } from './production-order-timeline';
import { ProductionOrderService } from './production-order.service';
import { CANCELLABLE } from './production-order.types';

/** Statuses in which the kit is still to be picked: the page shows what is short. */
const KITTING = ['created', 'released', 'awaiting-stock'];

/**
 * One production order: its pinned BOM and routing versions and status, the components (required / issued /
 * backflushed / returned, issue mode and the rule that chose it), the operations' progress, the cost so far, the
 * timeline, the kit's shortage while it waits for stock, and cancel with a reason before completion.
 */
@Component({
  selector: 'mw-production-order-detail-page',
  imports: [
    DatePipe,
    DecimalPipe,
    RouterLink,
    MatButtonModule,
    MatCardModule,
    MatFormFieldModule,
    MatInputModule,
    StatusChip,
    ProductionOrderComponents,
    ProductionOrderOperations,
    ProductionOrderCostPanel,
    ProductionOrderTimeline,
    ProductionOrderKit,
    ProductionOrderMerged,
  ],
  templateUrl: './production-order-detail.page.html',
  styleUrl: './production-order-detail.page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ProductionOrderDetailPage {
  private readonly api = inject(ProductionOrderService);
  private readonly auth = inject(AuthService);
  /** The route's `:number`. */
  readonly number = input.required<string>();

  /** Counts the re-reads, so the kit is read again with the order. */
  protected readonly reads = signal(0);
  /** Re-read with `reload()` (the shown order stays while the new one loads). */
  protected readonly order = rxResource({
    params: () => this.number(),
    stream: ({ params }) => this.api.get(params),
  });
  protected readonly showKit = computed(() => KITTING.includes(this.order.value()?.status ?? ''));
  protected readonly canCancel = computed(
    () => CANCELLABLE.includes(this.order.value()?.status ?? '') && this.auth.hasAnyRole('planner', 'admin'),
  );
  protected readonly reason = signal('');
  protected readonly cancelling = signal(false);
  protected readonly cancelError = signal<string | null>(null);

  protected refresh(): void {
    this.order.reload();
    this.reads.update((n) => n + 1);
  }

  protected cancel(): void {
    const reason = this.reason().trim();
    if (!reason) {
      this.cancelError.set('Say why the order is cancelled.');
      return;
    }
    this.cancelling.set(true);
    this.cancelError.set(null);
    this.api.cancel(this.number(), reason).subscribe({
      next: () => this.waitForCancel(15),
      error: (err: unknown) => {
        this.cancelling.set(false);
        this.cancelError.set(errorMessage(err));
      },
    });
  }

  /** The workflow returns the issued material and cancels moments after the request: read again until it has. */
  private waitForCancel(triesLeft: number): void {
    this.refresh();
    setTimeout(() => {
      const status = this.order.value()?.status ?? '';
      if (status !== 'cancelled' && triesLeft > 0) this.waitForCancel(triesLeft - 1);
      else this.cancelling.set(false);
    }, 800);
  }
}
