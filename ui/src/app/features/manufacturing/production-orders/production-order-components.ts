import { DecimalPipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { ProductionComponent } from './production-order.types';

/**
 * The order's components: required / issued / backflushed / returned, how each is issued (kit, merged, backflush)
 * and why: the `material-issue` rule version that decided it, with its reason sentence.
 */
@Component({
  selector: 'mw-production-order-components',
  imports: [DecimalPipe],
  template: `
    <div class="scroll">
      <table class="plain" data-testid="prd-components">
        <thead>
          <tr>
            <th>Line</th>
            <th>Component</th>
            <th>Material of</th>
            <th class="num">Required</th>
            <th class="num">Issued</th>
            <th class="num">Backflushed</th>
            <th class="num">Returned</th>
            <th>Issue</th>
          </tr>
        </thead>
        <tbody>
          @for (c of components(); track c.lineNo) {
            <tr
              data-testid="prd-component"
              [attr.data-sku]="c.sku"
              [attr.data-mode]="c.mode"
              [attr.data-required]="c.required"
              [attr.data-issued]="c.issued"
              [attr.data-backflushed]="c.backflushed"
              [attr.data-returned]="c.returned"
              [attr.data-provision]="c.provision ?? 'ours'"
            >
              <td>{{ c.lineNo }}</td>
              <td>
                {{ c.sku }} <span class="muted">{{ c.name }}</span>
                @if (c.viaPhantomSku) {
                  <div class="muted" data-testid="prd-component-phantom">through phantom {{ c.viaPhantomSku }}</div>
                }
              </td>
              <td data-testid="prd-component-owner" [attr.data-customer]="c.customerCode ?? null">
                @if (c.provision === 'customer') {
                  Customer {{ c.customerCode ?? '' }} <span class="muted">(supplied, not costed)</span>
                } @else {
                  Ours
                }
              </td>
              <td class="num">{{ c.required | number: '1.0-3' }} {{ c.uom }}</td>
              <td class="num" data-testid="prd-component-issued">{{ c.issued | number: '1.0-3' }}</td>
              <td class="num" data-testid="prd-component-backflushed">{{ c.backflushed | number: '1.0-3' }}</td>
              <td class="num">{{ c.returned | number: '1.0-3' }}</td>
              <td class="issue">
                <strong data-testid="prd-component-mode">{{ c.mode }}</strong>
                @if (c.operationSeq !== null && c.mode === 'backflush') {
                  <span class="muted"> at operation {{ c.operationSeq }}</span>
                }
                @if (c.whenShort === 'release-partial') {
                  <span class="muted"> · releases partially when short</span>
                }
                @if (c.decision; as d) {
                  <div data-testid="prd-component-reason" [attr.data-rule-version]="d.version">
                    {{ d.reason }}
                    <span class="muted" data-testid="prd-component-rule">({{ d.ruleSetCode }} v{{ d.version }})</span>
                  </div>
                }
                @if (c.issueNote) {
                  <div class="muted" data-testid="prd-component-note">{{ c.issueNote }}</div>
                }
              </td>
            </tr>
          } @empty {
            <tr>
              <td colspan="8" class="muted" data-testid="prd-components-none">
                The components are listed once the order is released (its BOM version pinned).
              </td>
            </tr>
          }
        </tbody>
      </table>
    </div>
  `,
  styleUrl: '../manufacturing-forms.scss',
  styles: `
    .issue {
      min-width: 220px;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ProductionOrderComponents {
  readonly components = input.required<ProductionComponent[]>();
}
