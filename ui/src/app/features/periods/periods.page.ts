import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { toObservable, toSignal } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSnackBar } from '@angular/material/snack-bar';
import { MatTableModule } from '@angular/material/table';
import { RouterLink } from '@angular/router';
import { catchError, EMPTY, switchMap } from 'rxjs';
import { AuthService } from '../../core/auth/auth.service';
import { AccountingPeriod } from '../../shared/api.types';
import { StatusChip } from '../../shared/status-chip';
import { PeriodActDialog, PeriodActData } from './period-act-dialog';
import { PeriodAction, PeriodService } from './period.service';

/** Accounting periods; controllers (and admins) close them, only controllers reopen. The server re-checks both. */
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
        // Failures (403, 409 ...) reach the user through the global error interceptor.
        this.api.act(period.code, action, result.reason).subscribe({
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
      });
  }
}
