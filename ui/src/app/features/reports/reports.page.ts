import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { MatTabsModule } from '@angular/material/tabs';
import { Router } from '@angular/router';
import { Aging } from './aging';
import { InventoryValuation } from './inventory-valuation';
import { ItemLedger } from './item-ledger';
import { SlowMoving } from './slow-moving';
import { StockOnHand } from './stock-on-hand';
import { TrialBalance } from './trial-balance';
import { ClosingTrialBalanceReport } from './closing-trial-balance';
import { CostComposition } from './cost-composition';

const TABS = [
  { key: 'stock', label: 'Stock on hand' },
  { key: 'ledger', label: 'Item ledger' },
  { key: 'aging', label: 'Stock aging' },
  { key: 'slow-moving', label: 'Slow-moving' },
  { key: 'trial-balance', label: 'Trial balance' },
  { key: 'valuation', label: 'Inventory valuation' },
  { key: 'closing-trial-balance', label: 'Trial balance by period (closing balances)' },
  { key: 'cost-composition', label: 'Cost composition' },
  { key: 'cost-by-product', label: 'Cost by product' },
] as const;

/** Stock and books reports; the open tab (and the ledger's item) live in the URL so views can be linked. */
@Component({
  selector: 'mw-reports-page',
  imports: [
    MatTabsModule,
    StockOnHand,
    ItemLedger,
    Aging,
    SlowMoving,
    TrialBalance,
    InventoryValuation,
    ClosingTrialBalanceReport,
    CostComposition,
  ],
  template: `
    <section class="page">
      <header class="page-header"><h1>Reports</h1></header>
      <mat-tab-group
        data-testid="report-tabs"
        [selectedIndex]="selectedIndex()"
        (selectedIndexChange)="select($event)"
        animationDuration="0ms"
      >
        @for (t of tabs; track t.key) {
          <mat-tab>
            <ng-template mat-tab-label
              ><span [attr.data-testid]="'report-tab-' + t.key">{{ t.label }}</span></ng-template
            >
            <ng-template matTabContent>
              <div class="tab-body" [attr.data-testid]="'report-' + t.key">
                @switch (t.key) {
                  @case ('stock') {
                    <mw-stock-on-hand />
                  }
                  @case ('ledger') {
                    <mw-item-ledger [sku]="sku() ?? ''" />
                  }
                  @case ('aging') {
                    <mw-aging />
                  }
                  @case ('slow-moving') {
                    <mw-slow-moving />
                  }
                  @case ('trial-balance') {
                    <mw-trial-balance />
                  }
                  @case ('valuation') {
                    <mw-inventory-valuation />
                  }
                  @case ('closing-trial-balance') {
                    <mw-closing-trial-balance />
                  }
                  @case ('cost-composition') {
                    <mw-cost-composition by="order" />
                  }
                  @case ('cost-by-product') {
                    <mw-cost-composition by="product" />
                  }
                }
              </div>
            </ng-template>
          </mat-tab>
        }
      </mat-tab-group>
    </section>
  `,
  styles: `
    .tab-body {
      padding-top: 16px;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ReportsPage {
  private readonly router = inject(Router);

  /** Query parameters (`?tab=trial-balance`, `?tab=ledger&sku=...`), bound by the router. */
  readonly tab = input<string>();
  readonly sku = input<string>();

  protected readonly tabs = TABS;
  protected readonly selectedIndex = computed(() =>
    Math.max(
      0,
      TABS.findIndex((t) => t.key === this.tab()),
    ),
  );

  protected select(index: number): void {
    const tab = TABS[index]?.key ?? 'stock';
    if (tab === (this.tab() ?? 'stock')) return;
    // A tab's list state (sort, filters, page) is its own: another tab's would be refused or mean something else.
    // The ledger's item stays, so coming back to the ledger shows it again.
    void this.router.navigate([], { queryParams: { tab, sku: this.sku() || null }, replaceUrl: true });
  }
}
