import { HttpErrorResponse } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, computed, inject, input, signal } from '@angular/core';
import { toObservable, toSignal } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSnackBar } from '@angular/material/snack-bar';
import { RouterLink } from '@angular/router';
import { catchError, combineLatest, map, Observable, of, switchMap, takeWhile, timer } from 'rxjs';
import { AuthService } from '../../core/auth/auth.service';
import { StatusChip } from '../../shared/status-chip';
import { PeriodActData, PeriodActDialog } from './period-act-dialog';
import { PeriodCloseAbandonDialog } from './period-close-abandon-dialog';
import { PeriodCloseFigures } from './period-close-figures';
import { PeriodCloseAbsorptionView } from './period-close-absorption';
import { PeriodCloseVariancesView } from './period-close-variances';
import { MoneyPipe } from '../../shared/money.pipe';
import { closeGoesOn, CloseStatus } from './period-close.types';
import { PeriodService } from './period.service';

/** How often the cockpit reads the checklist while the close goes on. */
export const CLOSE_POLL_MS = 2_000;

/** One read of the checklist: the status, or none started (404), or the read failed. */
interface Reading {
  status: CloseStatus | null;
  notStarted: boolean;
  error: string | null;
}

/**
 * The close cockpit of one period (`/periods/:code/close`): controllers start the close, follow its checklist live,
 * see what blocks it (with links to the tasks and periods that do), the reconciliations and the proof, ask for a
 * recheck, abandon it with a reason, reach the approval task, and reopen the closed month with a reason (controllers
 * only; the server refuses all but the latest closed month). Anyone may read it; the server re-checks every act.
 */
@Component({
  selector: 'mw-period-close-page',
  imports: [
    MatButtonModule,
    MatProgressBarModule,
    RouterLink,
    StatusChip,
    PeriodCloseFigures,
    PeriodCloseAbsorptionView,
    PeriodCloseVariancesView,
    MoneyPipe,
  ],
  templateUrl: './period-close.page.html',
  styles: `
    .summary p {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 6px;
    }
    .steps {
      list-style: none;
      padding: 0;
      li {
        display: flex;
        gap: 12px;
        align-items: baseline;
        padding: 4px 0;
      }
      .step-name {
        min-width: 140px;
      }
      .problems {
        color: var(--mat-sys-error);
      }
    }
    .actions {
      display: flex;
      flex-wrap: wrap;
      gap: 12px;
      margin: 12px 0;
    }
    .blockers li {
      margin: 4px 0;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class PeriodClosePage {
  /** The route's `:code` (component input binding). */
  readonly code = input.required<string>();

  private readonly api = inject(PeriodService);
  private readonly dialog = inject(MatDialog);
  private readonly snackBar = inject(MatSnackBar);
  private readonly auth = inject(AuthService);

  protected readonly canStart = computed(() => this.auth.hasAnyRole('controller', 'admin'));
  protected readonly canRecheck = computed(() => this.auth.hasAnyRole('controller', 'admin'));
  protected readonly canAbandon = computed(() => this.auth.hasAnyRole('controller'));
  protected readonly canReopen = computed(() => this.auth.hasAnyRole('controller'));

  private readonly reloads = signal(0);
  protected readonly busy = signal(false);
  protected readonly reading = toSignal(
    combineLatest([toObservable(this.code), toObservable(this.reloads)]).pipe(
      switchMap(([code]) =>
        timer(0, CLOSE_POLL_MS).pipe(
          switchMap(() => this.read(code)),
          // Poll while the close goes on; the read that shows it ended (or never started) is the last.
          takeWhile((reading) => reading.error !== null || closeGoesOn(reading.status), true),
        ),
      ),
    ),
    { initialValue: null },
  );
  protected readonly status = computed(() => this.reading()?.status ?? null);
  protected readonly state = computed(() => this.status()?.state ?? null);
  protected readonly goesOn = computed(() => closeGoesOn(this.status()));
  /** Startable when no close runs and the period is not closed (the server refuses out-of-order months). */
  protected readonly startable = computed(() => {
    const reading = this.reading();
    if (!reading) return false;
    if (reading.notStarted) return true;
    return !!reading.status && !this.goesOn() && reading.status.periodStatus !== 'closed';
  });
  /** Reopenable when the period is closed and no close of it goes on. */
  protected readonly reopenable = computed(() => this.status()?.periodStatus === 'closed' && !this.goesOn());
  protected readonly awaitingApproval = computed(() => {
    const state = this.state();
    return state?.status === 'awaiting-approval' && state.approvalTaskId ? state.approvalTaskId : null;
  });

  protected start(): void {
    this.act(this.api.startClose(this.code()), (r) => `Close of ${r.periodCode} started (attempt ${r.attempt})`);
  }

  protected recheck(): void {
    this.act(this.api.recheckClose(this.code()), () => 'Recheck asked');
  }

  protected abandon(): void {
    this.dialog
      .open<PeriodCloseAbandonDialog, string, { reason: string }>(PeriodCloseAbandonDialog, {
        data: this.code(),
        width: '440px',
      })
      .afterClosed()
      .subscribe((result) => {
        if (result) this.act(this.api.abandonClose(this.code(), result.reason), () => 'Close abandoned');
      });
  }

  /** Reopens the closed month with the reason the dialog asks for (required, shown on its field). */
  protected reopen(): void {
    const data: PeriodActData = { code: this.code(), action: 'reopen' };
    this.dialog
      .open<PeriodActDialog, PeriodActData, { reason: string }>(PeriodActDialog, { data, width: '440px' })
      .afterClosed()
      .subscribe((result) => {
        if (result)
          this.act(this.api.act(this.code(), 'reopen', result.reason), (p) => `Period ${p.code} is ${p.status}`);
      });
  }

  /** Runs an act (its failures reach the user through the global error interceptor) and reads the checklist again. */
  private act<T>(request: Observable<T>, said: (result: T) => string): void {
    this.busy.set(true);
    request.subscribe({
      next: (result) => {
        this.busy.set(false);
        this.snackBar.open(said(result), undefined, { duration: 3000 });
        this.reloads.update((n) => n + 1);
      },
      error: () => {
        this.busy.set(false);
        this.reloads.update((n) => n + 1);
      },
    });
  }

  private read(code: string): Observable<Reading> {
    return this.api.closeStatus(code).pipe(
      map((status): Reading => ({ status, notStarted: false, error: null })),
      catchError((error: unknown) =>
        of<Reading>(
          error instanceof HttpErrorResponse && error.status === 404
            ? { status: null, notStarted: true, error: null }
            : { status: this.status(), notStarted: false, error: 'The checklist could not be read; trying again' },
        ),
      ),
    );
  }
}
