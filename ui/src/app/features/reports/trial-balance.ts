import { DecimalPipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { toObservable, toSignal } from '@angular/core/rxjs-interop';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSelectModule } from '@angular/material/select';
import { MatTableModule } from '@angular/material/table';
import { catchError, finalize, of, switchMap } from 'rxjs';
import { TrialBalanceBasis, TrialBalanceReport } from '../../shared/api.types';
import { HumanizePipe } from '../../shared/humanize.pipe';
import { PeriodService } from '../periods/period.service';
import { ReportService } from './report.service';

@Component({
  selector: 'mw-trial-balance',
  imports: [DecimalPipe, MatTableModule, MatFormFieldModule, MatSelectModule, MatProgressBarModule, HumanizePipe],
  templateUrl: './trial-balance.html',
  styleUrl: './report-table.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class TrialBalance {
  private readonly api = inject(ReportService);

  protected readonly columns = ['code', 'name', 'type', 'opening', 'debit', 'credit', 'closing'];
  protected readonly periods = toSignal(
    inject(PeriodService)
      .list()
      .pipe(catchError(() => of([]))),
    { initialValue: [] },
  );
  /** cumulative: balances through the chosen month (movement the fiscal year to date); period: that month alone. */
  protected readonly basis = signal<TrialBalanceBasis>('cumulative');
  /** '' = every posting (cumulative) or the newest month (period basis); a code = that month. */
  protected readonly period = signal('');
  private readonly query = computed(() => {
    const basis = this.basis();
    const period = this.period() || (basis === 'period' ? (this.periods()[0]?.code ?? '') : '');
    return { basis: period ? basis : ('cumulative' as const), period };
  });
  protected readonly loading = signal(false);
  protected readonly report = toSignal(
    toObservable(this.query).pipe(
      switchMap(({ period, basis }) => {
        this.loading.set(true);
        return this.api.trialBalance(period, basis).pipe(
          catchError(() => of<TrialBalanceReport | null>(null)),
          finalize(() => this.loading.set(false)),
        );
      }),
    ),
    { initialValue: null },
  );
  protected readonly accounts = computed(() => this.report()?.accounts ?? []);
}
