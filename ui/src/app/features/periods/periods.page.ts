import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { toObservable, toSignal } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSnackBar } from '@angular/material/snack-bar';
import { MatTableModule } from '@angular/material/table';
import { Router, RouterLink } from '@angular/router';
import { catchError, EMPTY, switchMap } from 'rxjs';
import { AuthService } from '../../core/auth/auth.service';
import { AccountingPeriod } from '../../shared/api.types';
import { apiErrorOf } from '../../shared/api-error';
import { StatusChip } from '../../shared/status-chip';
import { PeriodActDialog, PeriodActData } from './period-act-dialog';
import { PERIOD_CLOSE_BLOCKED } from './period-close.types';
import { PeriodAction, PeriodService } from './period.service';

/**
 * Accounting periods; controllers (and admins) close them, only controllers reopen. The server re-checks both.
 * Close runs the period-close process (checklist, proof, a second controller's approval): the button starts it with
 * its reason and takes the controller to the month's close cockpit, where it goes on.
 */
@Component({
  selector: 'mw-periods-page',
  imports: [DatePipe, MatTableModule, MatButtonModule, MatProgressBarModule, RouterLink, StatusChip],
  styles: `
    .cockpit {
      margin-left: 8px;
      font-size: 12px;
    }
  `,
  templateUrl: './periods.page.html',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class PeriodsPage {
  private readonly api = inject(PeriodService);
  private readonly dialog = inject(MatDialog);
  private readonly snackBar = inject(MatSnackBar);
  private readonly auth = inject(AuthService);
  private readonly router = inject(Router);

  protected readonly canClose = computed(() => this.auth.hasAnyRole('controller', 'admin'));
  protected readonly canReopen = computed(() => this.auth.hasAnyRole('controller'));
  protected readonly columns = computed(() => [
    'code',
    'range',
    'status',
    'entries',
    'closed',
    'reason',
    ...(this.canClose() || this.canReopen() ? ['actions'] : []),
  ]);

  private readonly reloads = signal(0);
  protected readonly busy = signal<string | null>(null);
  protected readonly periods = toSignal(
    toObservable(this.reloads).pipe(switchMap(() => this.api.list().pipe(catchError(() => EMPTY)))),
    { initialValue: null },
  );
  protected readonly rows = computed(() => this.periods() ?? []);

  protected act(period: AccountingPeriod, action: PeriodAction): void {
    const data: PeriodActData = { code: period.code, action };
    this.dialog
      .open<PeriodActDialog, PeriodActData, { reason: string }>(PeriodActDialog, { data, width: '440px' })
      .afterClosed()
      .subscribe((result) => {
        if (!result) return;
        this.busy.set(period.code);
        if (action === 'close') this.close(period.code, result.reason);
        else this.reopen(period.code, result.reason);
      });
  }

  /**
   * The close runs as a process: closed at once (200) the list shows it; running or awaiting its approval (202) the
   * cockpit follows it; stopped at a step (409 PERIOD_CLOSE_BLOCKED: the error display names each failed item) the
   * cockpit shows the checklist to correct and recheck. Other refusals (an earlier month open ...) stay on the list.
   */
  private close(code: string, reason: string): void {
    const cockpit = () => void this.router.navigate(['/periods', code, 'close']);
    this.api.close(code, reason).subscribe({
      next: (status) => {
        this.busy.set(null);
        if (status.state?.status === 'closed') {
          this.snackBar.open(`Period ${code} is closed`, undefined, { duration: 3000 });
          this.reloads.update((n) => n + 1);
          return;
        }
        const where = status.state?.status === 'awaiting-approval' ? 'awaits a second controller’s approval' : 'runs';
        this.snackBar.open(`The close of ${code} ${where}`, undefined, { duration: 4000 });
        cockpit();
      },
      error: (err: unknown) => {
        this.busy.set(null);
        // The global error interceptor shows the refusal (each failed checklist item for a stopped close).
        if (apiErrorOf(err)?.code === PERIOD_CLOSE_BLOCKED) cockpit();
        else this.reloads.update((n) => n + 1);
      },
    });
  }

  private reopen(code: string, reason: string): void {
    // Failures (403, 409 ...) reach the user through the global error interceptor.
    this.api.reopen(code, reason).subscribe({
      next: (updated) => {
        this.busy.set(null);
        this.snackBar.open(`Period ${updated.code} is ${updated.status}`, undefined, { duration: 3000 });
        this.reloads.update((n) => n + 1);
      },
      error: () => {
        this.busy.set(null);
        this.reloads.update((n) => n + 1);
      },
    });
  }
}
