import { HttpClient, HttpErrorResponse } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { CsvDownload } from '../../shared/list/csv-download';
import { MoneyPipe } from '../../shared/money.pipe';

/** `GET /api/reports/trial-balance/closing?period=YYYY-MM`. */
export interface ClosingTrialBalance {
  period: string;
  periodStatus: string;
  openingFrom: string | null;
  closingStored: boolean;
  accounts: Array<{
    code: string;
    name: string;
    type: string;
    opening: number;
    debit: number;
    credit: number;
    closing: number;
  }>;
  totals: {
    openingDebit: number;
    openingCredit: number;
    debit: number;
    credit: number;
    closingDebit: number;
    closingCredit: number;
  };
  balanced: boolean;
}

const thisMonth = () => new Date().toISOString().slice(0, 7);

/**
 * A month's trial balance read from the period close's stored closing balances (the opening is the previous closed
 * month's closing) plus the month's own lines; controllers, auditors and admins. The server's refusal of a period
 * shows on the field.
 */
@Component({
  selector: 'mw-closing-trial-balance',
  imports: [FormsModule, MatFormFieldModule, MatInputModule, MatButtonModule, MoneyPipe],
  template: `
    <form class="controls" (ngSubmit)="load()">
      <mat-form-field>
        <mat-label>Period (YYYY-MM)</mat-label>
        <input matInput name="period" [(ngModel)]="period" data-testid="ctb-period" />
        @if (error(); as e) {
          <mat-hint class="error" data-testid="ctb-error">{{ e }}</mat-hint>
        }
      </mat-form-field>
      <button mat-flat-button type="submit" data-testid="ctb-load">Show</button>
      <button mat-stroked-button type="button" (click)="exportCsv()" [disabled]="!report()" data-testid="ctb-export">
        Export CSV
      </button>
    </form>
    @if (report(); as r) {
      <div class="summary" data-testid="ctb-summary">
        <span
          ><span class="label">Period</span><strong>{{ r.period }} ({{ r.periodStatus }})</strong></span
        >
        <span
          ><span class="label">Opening from</span
          ><strong data-testid="ctb-opening-from">{{
            r.openingFrom ? 'closing of ' + r.openingFrom : 'history'
          }}</strong></span
        >
        <span
          ><span class="label">Balanced</span
          ><strong data-testid="ctb-balanced">{{ r.balanced ? 'yes' : 'NO' }}</strong></span
        >
      </div>
      <table class="report" data-testid="ctb-table">
        <thead>
          <tr>
            <th>Account</th>
            <th>Name</th>
            <th class="num">Opening (Dr − Cr)</th>
            <th class="num">Debit</th>
            <th class="num">Credit</th>
            <th class="num">Closing (Dr − Cr)</th>
          </tr>
        </thead>
        <tbody>
          @for (a of r.accounts; track a.code) {
            <tr data-testid="ctb-row" [attr.data-account]="a.code">
              <td>{{ a.code }}</td>
              <td>{{ a.name }}</td>
              <td class="num">{{ a.opening | money }}</td>
              <td class="num">{{ a.debit | money }}</td>
              <td class="num">{{ a.credit | money }}</td>
              <td class="num">{{ a.closing | money }}</td>
            </tr>
          } @empty {
            <tr>
              <td colspan="6" class="empty">No balances or lines for this period.</td>
            </tr>
          }
        </tbody>
        <tfoot>
          <tr data-testid="ctb-totals">
            <th colspan="2">Totals (Dr / Cr)</th>
            <th class="num">{{ r.totals.openingDebit | money }} / {{ r.totals.openingCredit | money }}</th>
            <th class="num">{{ r.totals.debit | money }}</th>
            <th class="num">{{ r.totals.credit | money }}</th>
            <th class="num">{{ r.totals.closingDebit | money }} / {{ r.totals.closingCredit | money }}</th>
          </tr>
        </tfoot>
      </table>
    }
  `,
  styleUrl: './report-table.scss',
  styles: `
    .controls {
      display: flex;
      gap: 12px;
      align-items: baseline;
      flex-wrap: wrap;
    }
    table.report {
      width: 100%;
      border-collapse: collapse;
    }
    .error {
      color: var(--mat-sys-error);
      white-space: nowrap;
    }
    mat-form-field {
      min-width: 280px;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ClosingTrialBalanceReport {
  private readonly http = inject(HttpClient);
  private readonly csv = inject(CsvDownload);

  protected period = thisMonth();
  protected readonly report = signal<ClosingTrialBalance | null>(null);
  protected readonly error = signal<string | null>(null);

  protected load(): void {
    this.error.set(null);
    this.http
      .get<ClosingTrialBalance>('/api/reports/trial-balance/closing', { params: { period: this.period } })
      .subscribe({
        next: (report) => this.report.set(report),
        error: (failure: HttpErrorResponse) => {
          this.report.set(null);
          this.error.set(failure.error?.error?.message ?? 'The trial balance could not be read');
        },
      });
  }

  protected exportCsv(): void {
    const r = this.report();
    if (!r) return;
    this.csv
      .download('/api/reports/trial-balance/closing/export.csv', { period: r.period }, `trial-balance-${r.period}.csv`)
      .subscribe();
  }
}
