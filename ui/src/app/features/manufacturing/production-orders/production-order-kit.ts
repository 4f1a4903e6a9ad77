import { DecimalPipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, effect, inject, input, untracked } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { catchError, map } from 'rxjs';
import { KittingComponents } from '../kitting-components';
import { KittingResult } from '../manufacturing.types';
import { ProductionOrderService } from './production-order.service';
import { KitShortage } from './production-order.types';

/** The kitting analysis of the order, or (where it cannot be run) the shortage its workflow last found. */
interface Kit {
  analysis: KittingResult | null;
  shortage: KitShortage[] | null;
}

/**
 * The order's kitting (齐套) now: of what it still needs (not issued, not reserved for it), what is short and which
 * open purchase or production orders will cover it and when. Read again with the order (`reload`).
 */
@Component({
  selector: 'mw-production-order-kit',
  imports: [DecimalPipe, KittingComponents],
  template: `
    @if (kit.value()?.shortage; as shortage) {
      <p class="muted">What the order's process found short when it last reserved the kit:</p>
      <div class="scroll">
        <table class="plain">
          <thead>
            <tr>
              <th>Line</th>
              <th>Component</th>
              <th class="num">Short</th>
            </tr>
          </thead>
          <tbody>
            @for (c of shortage; track c.lineNo) {
              <tr data-testid="prd-kit-component" [attr.data-sku]="c.sku" [attr.data-short]="c.short" class="short">
                <td>{{ c.lineNo }}</td>
                <td>{{ c.sku }}</td>
                <td class="num" data-testid="prd-kit-short">{{ c.short | number: '1.0-3' }}</td>
              </tr>
            } @empty {
              <tr>
                <td colspan="3" class="muted" data-testid="prd-kit-complete">Nothing is short.</td>
              </tr>
            }
          </tbody>
        </table>
      </div>
    } @else if (kit.value()?.analysis; as result) {
      <p
        class="buildable"
        [class.short]="result.buildable < result.quantity"
        data-testid="prd-kit-buildable"
        [attr.data-buildable]="result.buildable"
      >
        Buildable now: {{ result.buildable | number: '1.0-3' }} of {{ result.quantity | number: '1.0-3' }}
      </p>
      <p class="muted">What the order still needs beyond what is issued or reserved for it, against free stock.</p>
      <mw-kitting-components [components]="result.components" requiredLabel="Needed" testIds="prd-kit" />
    } @else if (kit.error() || kit.value()) {
      <p class="muted" data-testid="prd-kit-unavailable">The kit cannot be checked now.</p>
    } @else {
      <p class="muted">Checking the kit…</p>
    }
  `,
  styleUrl: '../manufacturing-forms.scss',
  styles: `
    .buildable {
      font-weight: 500;
    }
    .buildable.short {
      color: var(--mat-sys-error);
    }
    tr.short td {
      background: var(--mat-sys-error-container);
      color: var(--mat-sys-on-error-container);
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ProductionOrderKit {
  private readonly api = inject(ProductionOrderService);
  readonly number = input.required<string>();
  /** The order's process, whose live state says what it found short when the kitting analysis cannot. */
  readonly workflowId = input.required<string>();
  /** Changes when the order is read again, so the kit is read again with it. */
  readonly version = input(0);

  protected readonly kit = rxResource({
    params: () => ({ number: this.number(), workflowId: this.workflowId() }),
    stream: ({ params }) =>
      this.api.kitting(params.number).pipe(
        map((analysis): Kit => ({ analysis, shortage: null })),
        catchError(() =>
          this.api.workflowShortage(params.workflowId).pipe(map((shortage): Kit => ({ analysis: null, shortage }))),
        ),
      ),
  });

  constructor() {
    // Re-read in place (the shown analysis stays until the new one arrives).
    effect(() => {
      if (this.version() > 0) untracked(() => this.kit.reload());
    });
  }
}
