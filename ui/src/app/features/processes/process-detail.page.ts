import { DatePipe } from '@angular/common';
import { HttpErrorResponse } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, computed, inject, input, signal } from '@angular/core';
import { takeUntilDestroyed, toObservable } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { RouterLink } from '@angular/router';
import { catchError, exhaustMap, finalize, map, Observable, of, switchMap, takeWhile, tap, timer } from 'rxjs';
import { AuthService } from '../../core/auth/auth.service';
import { errorMessage } from '../../shared/api-error';
import { ProcessDetail } from '../../shared/api.types';
import { HumanizePipe } from '../../shared/humanize.pipe';
import { StatusChip } from '../../shared/status-chip';
import { OrderFulfillmentPanel } from '../orders/order-fulfillment-panel';
import { AllocationReasons } from '../rules/allocation-reasons';
import { HistoryTimeline } from './history-timeline';
import { outcomeOf } from './process-outcome';
import { ProcessService } from './process.service';

const POLL_INTERVAL_MS = 2000;
/**
 * Right after an order is placed the instance row may not be projected yet (404), so a few
 * failures are tolerated before polling gives up; a persistent error stops the loop.
 */
const MAX_CONSECUTIVE_FAILURES = 15;
/** Statuses after which the instance can still change (a start still in the outbox, a run); any other is how it ended. */
const STILL_MOVING = new Set<string>(['pending', 'running']);

@Component({
  selector: 'mw-process-detail-page',
  imports: [
    DatePipe,
    RouterLink,
    MatCardModule,
    MatButtonModule,
    MatProgressBarModule,
    HumanizePipe,
    StatusChip,
    HistoryTimeline,
    AllocationReasons,
    OrderFulfillmentPanel,
  ],
  templateUrl: './process-detail.page.html',
  styleUrl: './process-detail.page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ProcessDetailPage {
  private readonly api = inject(ProcessService);
  /** Auditors and admins open the whole Temporal history with the user of each update and signal (issue 18). */
  private readonly auth = inject(AuthService);
  protected readonly canAudit = computed(() => this.auth.hasAnyRole('auditor', 'admin'));

  /** Bound from the :workflowId route param. */
  readonly workflowId = input.required<string>();

  protected readonly detail = signal<ProcessDetail | null>(null);
  protected readonly error = signal<string | null>(null);
  protected readonly polling = signal(false);

  protected readonly instance = computed(() => this.detail()?.instance ?? null);
  protected readonly pendingTasks = computed(() =>
    (this.detail()?.tasks ?? []).filter((t) => t.status === 'open' || t.status === 'claimed'),
  );
  protected readonly finishedTasks = computed(() =>
    (this.detail()?.tasks ?? []).filter((t) => t.status === 'completed' || t.status === 'cancelled'),
  );
  /** How a finished instance ended (who cancelled or rejected it and why); null while running or completed. */
  protected readonly outcome = computed(() => {
    const instance = this.instance();
    return instance ? outcomeOf(instance, this.detail()?.state) : null;
  });
  protected readonly isOrderFulfillment = computed(() => this.instance()?.processType === 'order-fulfillment');
  protected readonly stateJson = computed(() => {
    const state = this.detail()?.state;
    return state === null || state === undefined ? null : JSON.stringify(state, null, 2);
  });

  constructor() {
    // switchMap: navigating to another instance cancels the old poll; takeUntilDestroyed stops it on leave.
    toObservable(this.workflowId)
      .pipe(
        switchMap((id) => {
          this.detail.set(null);
          this.error.set(null);
          return this.poll(id);
        }),
        takeUntilDestroyed(),
      )
      .subscribe();
  }

  private poll(workflowId: string): Observable<boolean> {
    let failures = 0;
    this.polling.set(true);
    return timer(0, POLL_INTERVAL_MS).pipe(
      // exhaustMap: never stack requests when the server is slower than the interval.
      exhaustMap(() =>
        this.api.get(workflowId).pipe(
          tap((detail) => {
            failures = 0;
            this.detail.set(detail);
            this.error.set(null);
          }),
          map((detail) => STILL_MOVING.has(detail.instance.status)),
          catchError((err: unknown) => {
            failures += 1;
            this.error.set(errorMessage(err));
            const fatal = err instanceof HttpErrorResponse && (err.status === 401 || err.status === 403);
            return of(!fatal && failures < MAX_CONSECUTIVE_FAILURES);
          }),
        ),
      ),
      takeWhile((keepPolling) => keepPolling),
      finalize(() => this.polling.set(false)),
    );
  }
}
