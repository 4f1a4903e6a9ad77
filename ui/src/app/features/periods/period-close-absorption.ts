import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { RouterLink } from '@angular/router';
import { MoneyPipe } from '../../shared/money.pipe';
import { CLOSE_TABLE_STYLES } from './close-table.styles';
import { CloseAbsorption } from './period-close.types';

/**
 * Step 4's result in the cockpit: per pool (labour, overhead) what the period held, what orders applied, what was
 * distributed under which rule version and basis (and why), and each order's share with where it landed (WIP of an
 * open order; a closed order's goods: on hand, shipped (COGS), or variance).
 */
const ACCOUNT_NAMES: Record<string, string> = {
  '1300': '1300 goods on hand',
  '1400': '1400 WIP',
  '5000': '5000 COGS',
  '5500': '5500 variance',
};

@Component({
  selector: 'mw-period-close-absorption',
  imports: [MoneyPipe, RouterLink],
  template: `
    <h3>Labour and overhead distributed</h3>
    @for (p of absorption().pools; track p.pool) {
      <section class="pool" data-testid="close-absorption-pool" [attr.data-pool]="p.pool">
        <p>
          <strong>{{ p.pool }}</strong>: actual {{ p.actual | money }}, applied {{ p.applied | money }}, distributed
          <span data-testid="close-absorption-distributed">{{ p.distributed | money }}</span>
          @if (p.ruleVersion !== null) {
            by rule {{ p.rule ?? 'default' }} (cost-distribution v{{ p.ruleVersion }}, basis {{ p.basis }},
            {{ p.rounding }})
          }
          @if (p.leftInPool) {
            — no order of the period could carry it: left in the pool
          }
        </p>
        <p class="reason" data-testid="close-absorption-reason">{{ p.reason }}</p>
        @if (p.shares.length) {
          <table class="figures">
            <thead>
              <tr>
                <th>Order</th>
                <th class="num">Basis</th>
                <th class="num">Share</th>
                <th>Account</th>
              </tr>
            </thead>
            <tbody>
              @for (s of p.shares; track s.orderNumber) {
                <tr data-testid="close-absorption-share" [attr.data-order]="s.orderNumber">
                  <td>
                    <a [routerLink]="['/manufacturing/production-orders', s.orderNumber]">{{ s.orderNumber }}</a>
                  </td>
                  <td class="num">{{ s.basisValue }}</td>
                  <td class="num" data-testid="close-absorption-share-amount">{{ s.share | money }}</td>
                  <td data-testid="close-absorption-share-account">
                    @if (s.landed) {
                      @for (l of s.landed; track l.account) {
                        <span class="landed">{{ accountName(l.account) }} {{ l.amount | money }}</span>
                      }
                    } @else {
                      {{ accountName(s.account) }}
                    }
                  </td>
                </tr>
              }
            </tbody>
          </table>
        }
      </section>
    } @empty {
      <p data-testid="close-absorption-none">Nothing to distribute in this period.</p>
    }
  `,
  styles: [
    CLOSE_TABLE_STYLES,
    `
      .landed {
        display: block;
      }
      .reason {
        color: rgba(0, 0, 0, 0.6);
        margin: 0 0 4px;
      }
    `,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class PeriodCloseAbsorptionView {
  readonly absorption = input.required<CloseAbsorption>();

  /** The accounts a share lands on, by their role in the close. */
  protected accountName(account: string): string {
    return ACCOUNT_NAMES[account] ?? account;
  }
}
