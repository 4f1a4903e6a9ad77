import { DecimalPipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject, input, signal } from '@angular/core';
import { toObservable, toSignal } from '@angular/core/rxjs-interop';
import { RouterLink } from '@angular/router';
import { switchMap } from 'rxjs';
import { StatusChip } from '../../shared/status-chip';
import { MrpChangeChip } from './mrp-change-chip';
import { MrpPegging } from './mrp-pegging';
import { MrpRunService } from './mrp-run.service';
import { PlannedOrderDocument } from './mrp-run.types';

/** One MRP run: its summary, exception messages, planned orders (a click shows the pegging) and problems. */
@Component({
  selector: 'mw-mrp-run-page',
  imports: [DecimalPipe, RouterLink, StatusChip, MrpPegging, MrpChangeChip],
  templateUrl: './mrp-run.page.html',
  styleUrl: './mrp-planning.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class MrpRunPage {
  private readonly service = inject(MrpRunService);
  /** The route's `:id`. */
  readonly id = input.required<string>();
  protected readonly detail = toSignal(toObservable(this.id).pipe(switchMap((id) => this.service.get(Number(id)))));
  protected readonly pegRef = signal<string | null>(null);
  protected readonly runId = computed(() => Number(this.id()));

  /** Where a released suggestion's order is shown: the purchase order or the production order page. */
  protected documentLink(doc: PlannedOrderDocument): string[] {
    return doc.kind === 'purchase-order'
      ? ['/purchase-orders', doc.number]
      : ['/manufacturing/production-orders', doc.number];
  }
}
