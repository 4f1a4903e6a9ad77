import { DecimalPipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { MatCardModule } from '@angular/material/card';
import { RouterLink } from '@angular/router';
import { ReservedOrderLine } from '../../shared/api.types';
import { isRecord } from './rule-content';

/**
 * Why each order line was allocated as it was: the pinned allocation version, the rule that fired (or the default
 * policy), its sort keys and partial policy, and the picks it produced. Reads the order-fulfillment state.
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
              [attr.data-rule]="line.reason?.rule ?? ''"
              [attr.data-version]="line.reason?.version ?? ''"
            >
              <div class="line-head">
                <strong>{{ line.lineNo }}. {{ line.itemSku }}</strong> {{ line.itemName }} ·
                {{ line.quantity | number }} {{ line.uom }}
              </div>
              @if (line.reason; as r) {
                <div class="why">
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
                </div>
              } @else {
                <div class="muted">Not allocated yet.</div>
              }
              <ul class="picks">
                @for (pick of line.picks; track $index) {
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
                  <li class="muted">No stock allocated.</li>
                }
                @if (line.backorder) {
                  <li class="muted">Backorder: {{ line.backorder | number }} {{ line.uom }}</li>
                }
              </ul>
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

  protected readonly lines = computed<ReservedOrderLine[]>(() => {
    const state = this.state();
    if (!isRecord(state) || !Array.isArray(state['lines'])) return [];
    return state['lines'].filter((line): line is ReservedOrderLine => isRecord(line) && Array.isArray(line['picks']));
  });

  protected readonly pinned = computed(() => {
    const state = this.state();
    const versions = isRecord(state) && isRecord(state['ruleVersions']) ? state['ruleVersions'] : {};
    const pin = versions['allocation'];
    if (!isRecord(pin) || typeof pin['version'] !== 'number') return null;
    return { code: String(pin['ruleSetCode'] ?? 'allocation'), version: pin['version'] };
  });
}
