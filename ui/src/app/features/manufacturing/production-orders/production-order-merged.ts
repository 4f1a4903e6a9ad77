import { HttpClient } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, computed, effect, inject, input, untracked } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { catchError, map, of } from 'rxjs';
import { silentErrors } from '../../../core/http/http-context';

/** Where the order's merged lines are (its process's live state; workflows/production-order contract). */
interface MergedLines {
  warehouseCode: string;
  batchId: string | null;
  status: 'waiting' | 'picking' | 'issued' | 'refused' | 'withdrawn';
  refusal: string | null;
}

/** What each status says to people. */
const SAID: Record<MergedLines['status'], string> = {
  waiting: 'waiting for the pick',
  picking: 'picking',
  issued: 'issued',
  refused: 'refused, joins the next batch',
  withdrawn: 'withdrawn (order cancelled)',
};

/**
 * The order's merged components: the merged-issue batch of its warehouse they are in ("merged batch <id>: waiting /
 * picking / issued"), read from the order's process. Shown only for orders with merged components.
 */
@Component({
  selector: 'mw-production-order-merged',
  template: `
    @if (!hasMerged()) {
    } @else if (merged.value(); as m) {
      <p data-testid="prd-merged" [attr.data-status]="m.status" [attr.data-batch]="m.batchId">
        Merged batch {{ m.batchId ? m.batchId.slice(0, 8) : 'gathering' }} in {{ m.warehouseCode }}:
        <strong data-testid="prd-merged-status">{{ said(m.status) }}</strong>
        @if (m.refusal) {
          <span class="muted"> · {{ m.refusal }}</span>
        }
      </p>
    } @else {
      <p class="muted" data-testid="prd-merged-none">The merged components join a batch once they are reserved.</p>
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ProductionOrderMerged {
  private readonly http = inject(HttpClient);
  readonly workflowId = input.required<string>();
  /** The order's components: the batch is read only when one of them is merged. */
  readonly components = input<ReadonlyArray<{ mode: string }>>([]);
  /** Changes when the order is read again, so the batch is read again with it. */
  readonly version = input(0);

  protected readonly hasMerged = computed(() => this.components().some((c) => c.mode === 'merged'));
  protected readonly merged = rxResource({
    params: () => (this.hasMerged() ? { workflowId: this.workflowId() } : undefined),
    stream: ({ params }) =>
      this.http
        .get<{ state: { merged?: MergedLines | null } | null }>(
          `/api/processes/${encodeURIComponent(params.workflowId)}`,
          { context: silentErrors() },
        )
        .pipe(
          map((res) => res.state?.merged ?? null),
          catchError(() => of(null)),
        ),
  });

  constructor() {
    effect(() => {
      if (this.version() > 0) untracked(() => this.merged.reload());
    });
  }

  protected said(status: MergedLines['status']): string {
    return SAID[status] ?? status;
  }
}
