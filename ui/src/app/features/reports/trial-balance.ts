import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatSelectModule } from '@angular/material/select';
import { ActivatedRoute, Router } from '@angular/router';
import { catchError, of } from 'rxjs';
import { TrialBalanceAccount, TrialBalanceBasis, TrialBalanceReport } from '../../shared/api.types';
import { HumanizePipe } from '../../shared/humanize.pipe';
import { DataList } from '../../shared/list/data-list';
import { ListCell } from '../../shared/list/list-cell';
import { ListColumn, ListFilter, ListPage } from '../../shared/list/list.types';
import { MoneyPipe } from '../../shared/money.pipe';
import { PeriodService } from '../periods/period.service';

/** The report's totals and range, as the account list's endpoint sends them beside each page. */
type AccountsPage = ListPage<TrialBalanceAccount> & Omit<TrialBalanceReport, 'accounts'>;

/** Every column sorts on the server (over the whole chart, not the page). */
const COLUMNS: ListColumn<TrialBalanceAccount>[] = [
  { key: 'code', label: 'Account', essential: true },
  { key: 'name', label: 'Name' },
  { key: 'type', label: 'Type' },
  { key: 'opening', label: 'Opening (Dr − Cr)', money: true },
  { key: 'debitMovement', label: 'Debit', money: true },
  { key: 'creditMovement', label: 'Credit', money: true },
  { key: 'closing', label: 'Closing (Dr − Cr)', money: true, essential: true },
];

const FILTERS: ListFilter[] = [
  {
    key: 'type',
    label: 'Account type',
    options: ['asset', 'liability', 'equity', 'revenue', 'expense'].map((value) => ({ value, label: value })),
  },
];

/**
 * The trial balance on the shared list: sorted, searched and filtered on the server, exported as CSV, with the
 * basis and period (like the list's own state) in the URL. The totals and the balance check are the whole report's.
 */
@Component({
  selector: 'mw-trial-balance',
  imports: [DataList, ListCell, MatFormFieldModule, MatSelectModule, HumanizePipe, MoneyPipe],
  templateUrl: './trial-balance.html',
  styleUrl: './report-table.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class TrialBalance {
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);
  private readonly params = toSignal(this.route.queryParamMap, { requireSync: true });

  protected readonly columns = COLUMNS;
  protected readonly filters = FILTERS;
  protected readonly periods = toSignal(
    inject(PeriodService)
      .list()
      .pipe(catchError(() => of([]))),
    { initialValue: [] },
  );
  /** cumulative: balances through the chosen month (movement the fiscal year to date); period: that month alone. */
  protected readonly basis = computed<TrialBalanceBasis>(() =>
    this.params().get('basis') === 'period' ? 'period' : 'cumulative',
  );
  /** '' = every posting (cumulative) or the newest month (period basis); a code = that month. */
  protected readonly period = computed(() => this.params().get('period') ?? '');
  /** The range every page and the export are read for. */
  protected readonly range = computed((): Record<string, string> => {
    const period = this.period() || (this.basis() === 'period' ? (this.periods()[0]?.code ?? '') : '');
    if (!period) return {};
    return this.basis() === 'period' ? { basis: 'period', period } : { period };
  });
  /** The last page's report figures (range, totals, balanced). */
  protected readonly report = signal<AccountsPage | null>(null);
  protected readonly rowAttributes = (row: Record<string, unknown>) => ({ 'data-account': String(row['code']) });

  protected onPage(page: ListPage<Record<string, unknown>>): void {
    this.report.set(page as unknown as AccountsPage);
  }

  protected setBasis(basis: TrialBalanceBasis): void {
    this.navigate({ basis: basis === 'period' ? 'period' : null });
  }

  protected setPeriod(period: string): void {
    this.navigate({ period: period || null });
  }

  private navigate(params: Record<string, string | null>): void {
    void this.router.navigate([], {
      relativeTo: this.route,
      queryParams: { ...params, page: null },
      queryParamsHandling: 'merge',
    });
  }

  protected normalSide(row: Record<string, unknown>): string {
    return row['normalSide'] === 'debit' ? 'Dr' : 'Cr';
  }
}
