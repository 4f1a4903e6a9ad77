import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { RouterLink } from '@angular/router';
import { MoneyPipe } from '../../shared/money.pipe';
import { CLOSE_TABLE_STYLES } from './close-table.styles';
import { CloseVarianceReport } from './period-close.types';

/**
 * Step 5's report in the cockpit (no postings: orders post their own variances when they close): the production
 * variances the period's documents posted to 5500, and the WIP the orders still open carried at the period's end.
 */
@Component({
  selector: 'mw-period-close-variances',
  imports: [MoneyPipe, RouterLink],
  template: `
    <h3>Production variances and open WIP</h3>
    <p data-testid="close-variance-summary">
      Variances posted in {{ report().periodCode }}:
      <span data-testid="close-variance-total">{{ report().varianceTotal | money }}</span> from
      {{ report().varianceDocuments }} documents · WIP of open orders at the period's end:
      <span data-testid="close-open-wip-total">{{ report().openWipTotal | money }}</span> on
      {{ report().openOrders }} orders
    </p>
    @if (report().variances.length) {
      <table class="figures" data-testid="close-variances">
        <thead>
          <tr>
            <th>Document</th>
            <th class="num">Variance</th>
          </tr>
        </thead>
        <tbody>
          @for (v of report().variances; track v.sourceType + v.sourceRef) {
            <tr data-testid="close-variance" [attr.data-ref]="v.sourceRef">
              <td>
                @if (v.sourceType === 'production-order') {
                  <a [routerLink]="['/manufacturing/production-orders', v.sourceRef]">{{ v.sourceRef }}</a>
                } @else {
                  {{ v.sourceType }} {{ v.sourceRef }}
                }
              </td>
              <td class="num">{{ v.amount | money }}</td>
            </tr>
          }
        </tbody>
      </table>
    }
    @if (report().openWip.length) {
      <table class="figures" data-testid="close-open-wip">
        <thead>
          <tr>
            <th>Open order</th>
            <th>Item</th>
            <th>Status</th>
            <th class="num">WIP</th>
          </tr>
        </thead>
        <tbody>
          @for (w of report().openWip; track w.orderNumber) {
            <tr data-testid="close-open-wip-order" [attr.data-order]="w.orderNumber">
              <td>
                <a [routerLink]="['/manufacturing/production-orders', w.orderNumber]">{{ w.orderNumber }}</a>
              </td>
              <td>{{ w.itemSku }}</td>
              <td>{{ w.status }}</td>
              <td class="num">{{ w.wip | money }}</td>
            </tr>
          }
        </tbody>
      </table>
    }
    @if (report().varianceDocuments > report().listed || report().openOrders > report().listed) {
      <p class="muted">The {{ report().listed }} largest of each are listed; the totals cover all.</p>
    }
  `,
  styles: [
    CLOSE_TABLE_STYLES,
    `
      .muted {
        color: rgba(0, 0, 0, 0.6);
      }
    `,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class PeriodCloseVariancesView {
  readonly report = input.required<CloseVarianceReport>();
}
