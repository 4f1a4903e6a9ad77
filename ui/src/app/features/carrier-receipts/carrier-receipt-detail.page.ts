import { DecimalPipe, KeyValuePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, DestroyRef, effect, inject, input, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { RouterLink } from '@angular/router';
import { Subscription, switchMap, take, takeWhile, timer } from 'rxjs';
import { errorMessage } from '../../shared/api-error';
import { LINE_TABLE_STYLES } from '../../shared/line-table.styles';
import { StatusChip } from '../../shared/status-chip';
import { CarrierReceiptService } from './carrier-receipt.service';
import { CarrierReceiptDetail } from './carrier-receipt.types';

/** A new receipt posts within a second or two; the page re-reads it meanwhile, then stops. */
const POSTING_CHECKS = { everyMs: 1_000, times: 60 };

/**
 * One carrier receipt: what was entered, how the amount was spread (rule-set version, the winning rule and why, the
 * basis asked and applied, the rules it outranked, the facts) and each covered receipt move's share, with where the
 * share went: the goods still on hand, or the accounts of goods already gone.
 */
@Component({
  selector: 'mw-carrier-receipt-detail-page',
  imports: [DecimalPipe, KeyValuePipe, MatButtonModule, RouterLink, StatusChip],
  template: `
    <section class="page">
      <header class="page-header">
        <h1>Carrier receipt {{ receiptNumber() }}</h1>
        <span class="spacer"></span>
        <a mat-button routerLink="/carrier-receipts">All carrier receipts</a>
      </header>
      @if (error(); as message) {
        <p class="error" role="alert" data-testid="cr-detail-error">{{ message }}</p>
      }
      @if (receipt(); as r) {
        <dl class="facts">
          <dt>Carrier</dt>
          <dd data-testid="cr-detail-carrier">{{ r.carrierName }} ({{ r.carrierCode }})</dd>
          <dt>Reference</dt>
          <dd>{{ r.reference }}</dd>
          <dt>Dated</dt>
          <dd>{{ r.date }}</dd>
          <dt>Amount</dt>
          <dd class="num" data-testid="cr-detail-amount">{{ r.amount | number: '1.2-2' }}</dd>
          <dt>Status</dt>
          <dd><mw-status-chip data-testid="cr-detail-status" [attr.data-status]="r.status" [status]="r.status" /></dd>
        </dl>
        @if (r.refusal) {
          <p class="error" data-testid="cr-detail-refusal">{{ r.refusal }}</p>
        }
        @if (r.distribution.reason) {
          <h2>How it was spread</h2>
          <p data-testid="cr-detail-reason">{{ r.distribution.reason }}</p>
          <dl class="facts">
            <dt>Rules</dt>
            <dd>
              @if (r.distribution.version !== null) {
                cost-distribution v{{ r.distribution.version }}
              } @else {
                none in force
              }
            </dd>
            <dt>Winning rule</dt>
            <dd data-testid="cr-detail-rule">{{ r.distribution.rule ?? 'default policy' }}</dd>
            <dt>Basis</dt>
            <dd data-testid="cr-detail-basis" [attr.data-basis]="r.basis">
              {{ r.basis }}
              @if (r.distribution.policyBasis !== r.basis) {
                (the rules asked for {{ r.distribution.policyBasis }})
              }
            </dd>
            <dt>Rounding</dt>
            <dd>{{ r.distribution.rounding }}</dd>
          </dl>
          @if (r.distribution.outranked.length) {
            <h3>Rules it outranked</h3>
            <ul data-testid="cr-detail-outranked">
              @for (o of r.distribution.outranked; track o.rule) {
                <li>{{ o.rule }} (priority {{ o.priority }}): {{ o.basis }}, {{ o.rounding }}</li>
              }
            </ul>
          }
          @if (r.distribution.facts; as facts) {
            <h3>Facts</h3>
            <ul class="fact-list">
              @for (fact of facts | keyvalue; track fact.key) {
                <li>{{ fact.key }}: {{ fact.value ?? 'unknown' }}</li>
              }
            </ul>
          }
        }
        <h2>Shares</h2>
        <div class="scroll">
          <table>
            <thead>
              <tr>
                <th>Delivery</th>
                <th>Item</th>
                <th class="num">Quantity</th>
                <th class="num">Basis</th>
                <th class="num">Share</th>
                <th class="num">On hand</th>
                <th>Goods gone</th>
              </tr>
            </thead>
            <tbody>
              @for (line of r.lines; track line.lineNo) {
                <tr data-testid="cr-share" [attr.data-delivery]="line.deliveryReference" [attr.data-share]="line.share">
                  <td>{{ line.deliveryReference }}</td>
                  <td>{{ line.itemSku }}</td>
                  <td class="num">{{ line.quantity | number: '1.0-3' }}</td>
                  <td class="num">{{ line.basisValue ?? '' }}</td>
                  <td class="num" data-testid="cr-share-amount">{{ line.share | number: '1.2-2' }}</td>
                  <td class="num">{{ line.onHand | number: '1.2-2' }}</td>
                  <td>
                    @for (gone of line.issued | keyvalue; track gone.key) {
                      <span>{{ gone.value | number: '1.2-2' }} to {{ gone.key }}</span>
                    }
                  </td>
                </tr>
              }
            </tbody>
          </table>
        </div>
      }
    </section>
  `,
  styles: [
    LINE_TABLE_STYLES,
    `
      .facts {
        display: grid;
        grid-template-columns: max-content 1fr;
        gap: 4px 16px;
      }
      .facts dt {
        font-weight: 500;
      }
      .facts dd {
        margin: 0;
      }
      .scroll {
        overflow-x: auto;
      }
    `,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class CarrierReceiptDetailPage {
  private readonly api = inject(CarrierReceiptService);
  private readonly destroyRef = inject(DestroyRef);

  /** The route's `:receiptNumber`. */
  readonly receiptNumber = input.required<string>();
  protected readonly receipt = signal<CarrierReceiptDetail | null>(null);
  protected readonly error = signal<string | null>(null);
  private reading: Subscription | null = null;

  constructor() {
    effect(() => {
      const receiptNumber = this.receiptNumber();
      this.reading?.unsubscribe();
      this.reading = timer(0, POSTING_CHECKS.everyMs)
        .pipe(
          take(POSTING_CHECKS.times),
          switchMap(() => this.api.get(receiptNumber)),
          takeWhile((receipt) => receipt.status === 'posting', true),
          takeUntilDestroyed(this.destroyRef),
        )
        .subscribe({
          next: (receipt) => this.receipt.set(receipt),
          error: (err: unknown) => this.error.set(errorMessage(err)),
        });
    });
  }
}
