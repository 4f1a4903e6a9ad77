import { DatePipe, DecimalPipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject, input, signal } from '@angular/core';
import { toObservable, toSignal } from '@angular/core/rxjs-interop';
import { RouterLink } from '@angular/router';
import { combineLatest, switchMap } from 'rxjs';
import { MrpOnHandChart } from './mrp-on-hand-chart';
import { MrpChangeChip } from './mrp-change-chip';
import { MrpPegging } from './mrp-pegging';
import { MrpRunService } from './mrp-run.service';
import { GridRow } from './mrp-run.types';

/** The classic MRP grid's rows, top to bottom. */
const GRID_ROWS: { key: keyof GridRow; label: string }[] = [
  { key: 'gross', label: 'Gross requirements' },
  { key: 'scheduledReceipts', label: 'Scheduled receipts' },
  { key: 'expired', label: 'Expired' },
  { key: 'projectedOnHand', label: 'Projected on hand' },
  { key: 'net', label: 'Net requirements' },
  { key: 'plannedReceipts', label: 'Planned receipts' },
  { key: 'plannedReleases', label: 'Planned releases' },
];

/** One item's MRP grid in a run, its projected on hand against safety stock, its orders and their pegging. */
@Component({
  selector: 'mw-mrp-item-page',
  imports: [DatePipe, DecimalPipe, RouterLink, MrpOnHandChart, MrpPegging, MrpChangeChip],
  templateUrl: './mrp-item.page.html',
  styleUrl: './mrp-planning.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class MrpItemPage {
  private readonly service = inject(MrpRunService);
  /** The route's `:id` and `:sku`. */
  readonly id = input.required<string>();
  readonly sku = input.required<string>();
  protected readonly grid = toSignal(
    combineLatest([toObservable(this.id), toObservable(this.sku)]).pipe(
      switchMap(([id, sku]) => this.service.item(Number(id), sku)),
    ),
  );
  protected readonly gridRows = GRID_ROWS;
  protected readonly pegRef = signal<string | null>(null);
  protected readonly runId = computed(() => Number(this.id()));
  protected readonly lotSizeText = computed(() => {
    const lot = this.grid()?.lotSize;
    if (!lot) return '—';
    const { kind, ...rest } = lot;
    const params = Object.entries(rest).map(([k, v]) => `${k} ${String(v)}`);
    return params.length ? `${String(kind)} (${params.join(', ')})` : String(kind);
  });
}
