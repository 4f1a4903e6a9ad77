import { DecimalPipe } from '@angular/common';
import { HttpClient } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { RouterLink } from '@angular/router';
import { errorMessage } from '../../shared/api-error';
import { LINE_TABLE_STYLES } from '../../shared/line-table.styles';
import { StatusChip } from '../../shared/status-chip';
import { SupplierQualityRow } from './quality.types';
import { SupplierQualityChart } from './supplier-quality-chart';

/**
 * The supplier quality report: per supplier its lots, acceptance rate and switching state (the strictest of its
 * items', each item's with its reason), and a chart of the lots accepted and rejected per week. A supplier's lots open
 * the lot list filtered to it.
 */
@Component({
  selector: 'mw-supplier-quality-page',
  imports: [DecimalPipe, MatButtonModule, RouterLink, StatusChip, SupplierQualityChart],
  template: `
    <section class="page">
      <header class="page-header">
        <h1>Supplier quality</h1>
        <span class="spacer"></span>
        <a mat-button routerLink="/quality/lots">Inspection lots</a>
      </header>
      @if (error(); as message) {
        <p class="error" role="alert">{{ message }}</p>
      }
      @for (s of suppliers(); track s.supplierCode) {
        <article class="supplier" data-testid="sq-supplier" [attr.data-supplier]="s.supplierCode">
          <h2>
            {{ s.supplierName }} ({{ s.supplierCode }})
            <mw-status-chip data-testid="sq-state" [attr.data-state]="s.switchingState" [status]="s.switchingState" />
          </h2>
          <div class="row">
            <dl class="facts">
              <dt>Lots</dt>
              <dd>
                <a routerLink="/quality/lots" [queryParams]="{ supplier: s.supplierCode }" data-testid="sq-lots">{{
                  s.lots
                }}</a>
              </dd>
              <dt>Judged</dt>
              <dd>{{ s.inspected }} ({{ s.accepted }} accepted, {{ s.rejected }} rejected)</dd>
              <dt>Skipped</dt>
              <dd>{{ s.skipped }}</dd>
              <dt>Acceptance rate</dt>
              <dd data-testid="sq-rate">
                {{ s.acceptanceRate === null ? '—' : (s.acceptanceRate * 100 | number: '1.0-1') + ' %' }}
              </dd>
            </dl>
            <mw-supplier-quality-chart [weeks]="s.weeks" />
          </div>
          @if (s.items.length) {
            <table class="lines">
              <thead>
                <tr>
                  <th>Item</th>
                  <th>Lots judged</th>
                  <th>Switching state</th>
                  <th>Why</th>
                </tr>
              </thead>
              <tbody>
                @for (i of s.items; track i.itemSku) {
                  <tr data-testid="sq-item" [attr.data-item]="i.itemSku">
                    <td>{{ i.itemSku }}</td>
                    <td class="num">{{ i.lotsInspected }}</td>
                    <td>{{ i.switchingState }}</td>
                    <td class="muted">{{ i.reason }}</td>
                  </tr>
                }
              </tbody>
            </table>
          }
        </article>
      } @empty {
        @if (loaded()) {
          <p class="muted">No supplier has inspection lots yet.</p>
        }
      }
    </section>
  `,
  styles: [
    LINE_TABLE_STYLES,
    `
      .supplier {
        margin-bottom: 24px;
      }
      .row {
        display: flex;
        flex-wrap: wrap;
        gap: 24px;
        align-items: flex-start;
      }
      .facts {
        display: grid;
        grid-template-columns: max-content 1fr;
        gap: 4px 16px;
      }
    `,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SupplierQualityPage {
  protected readonly suppliers = signal<SupplierQualityRow[]>([]);
  protected readonly loaded = signal(false);
  protected readonly error = signal<string | null>(null);

  constructor() {
    inject(HttpClient)
      .get<{ items: SupplierQualityRow[] }>('/api/quality/suppliers')
      .subscribe({
        next: (page) => {
          this.suppliers.set(page.items);
          this.loaded.set(true);
        },
        error: (err: unknown) => this.error.set(errorMessage(err)),
      });
  }
}
