import { DecimalPipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { MatCardModule } from '@angular/material/card';
import { RouterLink } from '@angular/router';
import { allocationsByLine, LineAllocations, orderStateOf } from '../orders/order-fulfillment-state';
import { isRecord } from './rule-content';

/**
 * Why each order line was allocated as it was, decision by decision over the rounds (a short pick re-allocates
 * the missing part): the pinned allocation version, the rule that fired (or the default policy), its sort keys and
 * partial policy, and the picks it produced. Reads the order-fulfillment state's allocation record, the same one the
 * rounds card groups by round.
 */
@Component({
  selector: 'mw-allocation-reasons',
  imports: [DecimalPipe, MatCardModule, RouterLink],
  template: `
    @if (lines().length > 0) {
      <mat-card appearance="outlined" data-testid="allocation-decisions">
        <mat-card-header>
          <mat-card-title>Allocation decisions</mat-card-title>
          @if (pinned(); as pin) {
            <mat-card-subtitle data-testid="allocation-pinned-version">
              Pinned rules:
              <a [routerLink]="['/rules', pin.code, 'versions', pin.version]">{{ pin.code }} v{{ pin.version }}</a>
            </mat-card-subtitle>
          }
        </mat-card-header>
        <mat-card-content>
          @for (line of lines(); track line.lineNo) {
            <div
              class="reason"
              data-testid="allocation-reason"
              [attr.data-line-no]="line.lineNo"
              [attr.data-rule]="latest(line)?.reason?.rule ?? ''"
              [attr.data-version]="latest(line)?.reason?.version ?? ''"
            >
              <div class="line-head">
                <strong>{{ line.lineNo }}. {{ line.itemSku }}</strong> {{ line.itemName }}
                @if (line.quantity !== null) {
                  · {{ line.quantity | number }} {{ line.uom }}
                }
                @if (line.decisions.length > 1) {
                  <span class="muted" data-testid="allocation-line-rounds">
                    · decided in {{ line.decisions.length }} rounds</span
                  >
                }
              </div>
              @for (decision of line.decisions; track $index) {
                <div
                  class="decision"
                  data-testid="allocation-decision"
                  [attr.data-round]="decision.round"
                  [attr.data-decision-id]="decision.reason?.decisionId ?? ''"
                  [attr.data-allocated]="decision.allocated"
                >
                  <div class="why">
                    <span class="round">Round {{ decision.round }}</span> ·
                    @if (decision.reason; as r) {
                      <a
                        [routerLink]="['/rules', r.ruleSetCode, 'versions', r.version]"
                        data-testid="allocation-reason-version"
                        >{{ r.ruleSetCode }} v{{ r.version }}</a
                      >
                      ·
                      <span data-testid="allocation-reason-rule">{{
                        r.usedDefault || !r.rule ? 'default policy' : r.rule
                      }}</span>
                      · <span data-testid="allocation-reason-sort-keys">{{ r.sortKeys.join(' → ') }}</span> ·
                      <span data-testid="allocation-reason-partial">{{ r.partial }}</span>
                      <span class="muted">&nbsp;(decision #{{ r.decisionId }})</span>
                    } @else {
                      <span class="muted">no rule set published: built-in default</span>
                    }
                  </div>
                  <ul class="picks">
                    @for (pick of decision.picks; track $index) {
                      <li data-testid="allocation-pick">
                        {{ pick.locationCode }}
                        @if (pick.lotCode) {
                          · lot {{ pick.lotCode }}
                        }
                        @if (pick.expiryDate) {
                          <span class="muted">(expires {{ pick.expiryDate }})</span>
                        }
                        · {{ pick.quantity | number }} {{ line.uom }}
                      </li>
                    } @empty {
                      <li class="muted" data-testid="allocation-none">Nothing available to allocate.</li>
                    }
                    @if (decision.backorder) {
                      <li class="muted">Left on backorder: {{ decision.backorder | number }} {{ line.uom }}</li>
                    }
                  </ul>
                </div>
              } @empty {
                <div class="muted" data-testid="allocation-not-yet">Not allocated yet.</div>
              }
              @if (line.backorder) {
                <div class="muted" data-testid="allocation-backorder">
                  Backorder now: {{ line.backorder | number }} {{ line.uom }}
                </div>
              }
            </div>
          }
        </mat-card-content>
      </mat-card>
    }
  `,
  styles: `
    .reason {
      padding: 6px 0;
      border-bottom: 1px solid var(--mat-sys-outline-variant);
      font-size: 13px;
    }
    .reason:last-child {
      border-bottom: none;
    }
    .why {
      margin: 2px 0;
    }
    .decision {
      margin: 4px 0 4px 12px;
    }
    .round {
      font-weight: 500;
    }
    .picks {
      margin: 2px 0 0;
      padding-left: 18px;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class AllocationReasons {
  /** The order-fulfillment state as the workflow query returns it (unknown JSON). */
  readonly state = input<unknown>(null);

  /** Read from the same allocation record as the rounds card, so both tell one story. */
  protected readonly lines = computed<LineAllocations[]>(() => {
    const order = orderStateOf(this.state());
    return order ? allocationsByLine(order) : [];
  });

  protected readonly pinned = computed(() => {
    const state = this.state();
    const versions = isRecord(state) && isRecord(state['ruleVersions']) ? state['ruleVersions'] : {};
    const pin = versions['allocation'];
    if (!isRecord(pin) || typeof pin['version'] !== 'number') return null;
    return { code: String(pin['ruleSetCode'] ?? 'allocation'), version: pin['version'] };
  });

  /** The line's most recent decision (the rule that last decided it). */
  protected latest(line: LineAllocations): LineAllocations['decisions'][number] | undefined {
    return line.decisions[line.decisions.length - 1];
  }
}
