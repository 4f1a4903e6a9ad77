import { DecimalPipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, DestroyRef, effect, inject, input, signal } from '@angular/core';
import { RouterLink } from '@angular/router';
import { errorMessage } from '../../shared/api-error';
import { StatusChip } from '../../shared/status-chip';
import { MrpCompareService } from './mrp-compare.service';
import { BucketDifference, GridFigures, MrpComparison, OrderDifference } from './mrp-compare.types';
import { MrpRunService } from './mrp-run.service';

/** A run still working has no plan to compare yet: the page looks again this often. */
const POLL_MS = 2000;
const WORKING = ['queued', 'calculating'];

const MEASURES: Array<{ key: keyof GridFigures; label: string }> = [
  { key: 'gross', label: 'Gross requirements' },
  { key: 'plannedReceipts', label: 'Planned receipts' },
  { key: 'plannedReleases', label: 'Planned releases' },
  { key: 'projectedOnHand', label: 'Projected on hand' },
];

/** One line of an item's table: a figure of a bucket that differs. */
interface FigureRow {
  start: string;
  measure: string;
  live: number;
  whatIf: number;
  difference: number;
}

/**
 * A run's plan (typically a simulation) beside the live plan, or the run named by `?against=`: the items that differ,
 * each with its buckets figure by figure (live / what-if / difference), and the planned orders added, removed or
 * changed. While the run still calculates the page waits for it.
 */
@Component({
  selector: 'mw-mrp-compare-page',
  imports: [DecimalPipe, RouterLink, StatusChip],
  templateUrl: './mrp-compare.page.html',
  styleUrl: './mrp-planning.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class MrpComparePage {
  private readonly compareApi = inject(MrpCompareService);
  private readonly runs = inject(MrpRunService);
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** The route's `:id` and optional `?against=`. */
  readonly id = input.required<string>();
  readonly against = input<string | undefined>();

  protected readonly comparison = signal<MrpComparison | null>(null);
  protected readonly waitingFor = signal<string | null>(null);
  protected readonly failure = signal<string | null>(null);

  constructor() {
    inject(DestroyRef).onDestroy(() => clearTimeout(this.timer));
    effect(() => this.load(Number(this.id()), this.against()));
  }

  private load(id: number, against: string | undefined): void {
    clearTimeout(this.timer);
    this.runs.get(id).subscribe({
      next: (detail) => {
        if (WORKING.includes(detail.run.status)) {
          this.waitingFor.set(detail.run.status);
          this.timer = setTimeout(() => this.load(id, against), POLL_MS);
          return;
        }
        this.waitingFor.set(null);
        this.compareApi.compare(id, against ? Number(against) : undefined).subscribe({
          next: (comparison) => this.comparison.set(comparison),
          error: (err: unknown) => this.failure.set(errorMessage(err)),
        });
      },
      error: (err: unknown) => this.failure.set(errorMessage(err)),
    });
  }

  protected rowsOf(buckets: BucketDifference[]): FigureRow[] {
    return buckets.flatMap((bucket) =>
      MEASURES.filter((m) => bucket.difference[m.key] !== 0).map((m) => ({
        start: bucket.start,
        measure: m.label,
        live: bucket.live[m.key],
        whatIf: bucket.whatIf[m.key],
        difference: bucket.difference[m.key],
      })),
    );
  }

  /** Added, removed and changed planned orders in one table, each saying which. */
  protected orderRows(c: MrpComparison): Array<OrderDifference & { change: string }> {
    const { added, removed, changed } = c.plannedOrders;
    return [
      ...added.map((o) => ({ ...o, change: 'added' })),
      ...removed.map((o) => ({ ...o, change: 'removed' })),
      ...changed.map((o) => ({ ...o, change: 'changed' })),
    ];
  }
}
