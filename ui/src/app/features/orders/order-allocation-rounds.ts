import { DecimalPipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { MatCardModule } from '@angular/material/card';
import { RouterLink } from '@angular/router';
import { OrderFulfillmentState } from '../../shared/api.types';
import { allocatedBy, roundsOf } from './order-fulfillment-state';

/**
 * Every allocation the order made, round by round (a short pick, a change or a receipt starts a new round): the
 * lots and bins each line got and why — the rule-set version, the rule that fired (or the default policy), its
 * sort keys and partial policy.
 */
@Component({
  selector: 'mw-order-allocation-rounds',
  imports: [DecimalPipe, MatCardModule, RouterLink],
  template: `
    <mat-card appearance="outlined" data-testid="allocation-rounds">
      <mat-card-header><mat-card-title>Allocations by round</mat-card-title></mat-card-header>
      <mat-card-content>
        @for (round of rounds(); track round.round) {
          <h4 data-testid="allocation-round" [attr.data-round]="round.round">Round {{ round.round }}</h4>
          <table class="table">
            <thead>
              <tr>
                <th>Line</th>
                <th>Allocated (bin · lot · qty)</th>
                <th>Why</th>
              </tr>
            </thead>
            <tbody>
              @for (allocation of round.allocations; track allocation.lineNo) {
                <tr
                  data-testid="round-allocation"
                  [attr.data-round]="round.round"
                  [attr.data-line-no]="allocation.lineNo"
                  [attr.data-version]="allocation.reason?.version ?? ''"
                  [attr.data-rule]="allocation.reason?.rule ?? ''"
                  [attr.data-decision-id]="allocation.reason?.decisionId ?? ''"
                  [attr.data-allocated]="allocated(allocation)"
                >
                  <td>{{ allocation.lineNo }} · {{ skuOf(allocation.lineNo) }}</td>
                  <td>
                    <ul class="picks">
                      @for (pick of allocation.picks; track $index) {
                        <li data-testid="round-pick" [attr.data-location]="pick.locationCode">
                          {{ pick.locationCode }} · {{ pick.lotCode ?? 'no lot' }} · {{ pick.quantity | number }}
                          @if (pick.expiryDate) {
                            <span class="muted">(expires {{ pick.expiryDate }})</span>
                          }
                        </li>
                      } @empty {
                        <li class="muted" data-testid="round-pick-none">nothing available</li>
                      }
                      @if (allocation.backorder) {
                        <li class="muted">backorder {{ allocation.backorder | number }}</li>
                      }
                    </ul>
                  </td>
                  <td>
                    @if (allocation.reason; as r) {
                      <a
                        [routerLink]="['/rules', r.ruleSetCode, 'versions', r.version]"
                        data-testid="round-reason-version"
                        >{{ r.ruleSetCode }} v{{ r.version }}</a
                      >
                      ·
                      <span data-testid="round-reason-rule">{{
                        r.usedDefault || !r.rule ? 'default policy' : r.rule
                      }}</span>
                      · <span data-testid="round-reason-sort-keys">{{ r.sortKeys.join(' → ') }}</span> ·
                      <span data-testid="round-reason-partial">{{ r.partial }}</span>
                      <span class="muted">&nbsp;(decision #{{ r.decisionId }})</span>
                    } @else {
                      <span class="muted">no rule set published: built-in default</span>
                    }
                  </td>
                </tr>
              }
            </tbody>
          </table>
        } @empty {
          <p class="muted" data-testid="allocation-rounds-empty">Nothing allocated yet.</p>
        }
      </mat-card-content>
    </mat-card>
  `,
  styleUrl: './order-tables.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class OrderAllocationRounds {
  readonly order = input.required<OrderFulfillmentState>();

  protected readonly rounds = computed(() => roundsOf(this.order()));
  private readonly skus = computed(() => new Map(this.order().lines.map((line) => [line.lineNo, line.itemSku])));

  /** What a decision reserved (the decisions card sums the same figures per line). */
  protected readonly allocated = allocatedBy;

  protected skuOf(lineNo: number): string {
    return this.skus().get(lineNo) ?? '';
  }
}
