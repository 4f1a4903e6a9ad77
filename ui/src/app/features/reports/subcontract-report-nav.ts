import { ChangeDetectionStrategy, Component } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { RouterLink, RouterLinkActive } from '@angular/router';

/** The three subcontract reports link to each other (each keeps its own list state in its own URL). */
@Component({
  selector: 'mw-subcontract-report-nav',
  imports: [MatButtonModule, RouterLink, RouterLinkActive],
  template: `
    <nav class="views" aria-label="Subcontract reports">
      <a mat-button routerLink="/reports/subcontract-tracking" routerLinkActive="active" data-testid="sct-view-orders"
        >By order</a
      >
      <a
        mat-button
        routerLink="/reports/subcontract-tracking/by-supplier"
        routerLinkActive="active"
        data-testid="sct-view-suppliers"
        >By supplier</a
      >
      <a mat-button routerLink="/reports/stock-at-suppliers" routerLinkActive="active" data-testid="sct-view-stock"
        >Stock at suppliers</a
      >
    </nav>
  `,
  styles: `
    .views {
      display: flex;
      flex-wrap: wrap;
      gap: 8px;
      margin-bottom: 12px;
    }
    .active {
      font-weight: 600;
      text-decoration: underline;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SubcontractReportNav {}
