import { DatePipe, DecimalPipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject, input, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { RouterLink } from '@angular/router';
import { AuthService } from '../../core/auth/auth.service';
import { apiProblemOf } from '../../shared/field-errors';
import { StatusChip } from '../../shared/status-chip';
import { SubcontractProcessPanel } from './subcontract-process-panel';
import { SubcontractingService } from './subcontracting.service';
import { ReportedQuantity } from './subcontracting.types';

/** Statuses an order may be cancelled in (the server also requires that nothing was sent). */
const CANCELLABLE = ['draft', 'approved'];

/**
 * One subcontract order: supplier, item, fee and due date; per component what is required and what was sent,
 * consumed, scrapped, returned and is still at the supplier; the supplier's deliveries (with the freight carrier receipts
 * posted on them); and, while nothing was sent,
 * "Cancel" with a reason.
 */
@Component({
  selector: 'mw-subcontract-order-detail-page',
  imports: [
    DatePipe,
    DecimalPipe,
    MatButtonModule,
    MatCardModule,
    MatFormFieldModule,
    MatInputModule,
    RouterLink,
    StatusChip,
    SubcontractProcessPanel,
  ],
  templateUrl: './subcontract-order-detail.page.html',
  styles: `
    mat-card {
      margin-bottom: 16px;
    }
    .scroll {
      overflow-x: auto;
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
      white-space: nowrap;
    }
    .bought {
      font-style: italic;
      color: rgba(0, 0, 0, 0.6);
    }
    .wide {
      width: min(100%, 480px);
      margin-right: 12px;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SubcontractOrderDetailPage {
  private readonly api = inject(SubcontractingService);
  private readonly auth = inject(AuthService);
  readonly orderNumber = input.required<string>();

  protected readonly order = rxResource({
    params: () => this.orderNumber(),
    stream: ({ params }) => this.api.get(params),
  });
  protected readonly reason = signal('');
  protected readonly cancelling = signal(false);
  protected readonly cancelError = signal<string | null>(null);
  protected readonly canCancel = computed(() => {
    const order = this.order.value();
    const nothingSent = !!order && order.components.every((component) => component.sentQuantity === 0);
    return nothingSent && CANCELLABLE.includes(order.status) && this.auth.hasAnyRole('planner', 'clerk', 'admin');
  });

  protected reported(quantities: ReportedQuantity[]): string {
    return quantities.map((q) => `${q.itemSku} ${q.quantity}`).join(', ') || '—';
  }

  protected cancel(): void {
    if (this.reason().trim() === '') {
      this.cancelError.set('Say why the order is cancelled.');
      return;
    }
    this.cancelling.set(true);
    this.cancelError.set(null);
    this.api.cancel(this.orderNumber(), this.reason().trim()).subscribe({
      next: () => {
        this.cancelling.set(false);
        this.order.reload();
      },
      error: (err: unknown) => {
        this.cancelling.set(false);
        this.cancelError.set(apiProblemOf(err)?.message ?? 'The order could not be cancelled.');
      },
    });
  }
}
