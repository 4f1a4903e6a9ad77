import { ChangeDetectionStrategy, Component } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { RouterLink, RouterLinkActive, RouterOutlet } from '@angular/router';

/** The manufacturing pages in one wrapping row of links above the page (reachable on a 390 px handheld). */
@Component({
  selector: 'mw-manufacturing-layout',
  imports: [RouterOutlet, RouterLink, RouterLinkActive, MatButtonModule],
  template: `
    <nav class="pages" aria-label="Manufacturing" data-testid="mfg-tabs">
      @for (page of pages; track page.path) {
        <a
          mat-button
          [routerLink]="page.path"
          routerLinkActive="active"
          ariaCurrentWhenActive="page"
          [attr.data-testid]="'mfg-tab-' + page.path"
          >{{ page.title }}</a
        >
      }
    </nav>
    <router-outlet />
  `,
  styles: `
    .pages {
      display: flex;
      flex-wrap: wrap;
      gap: 4px;
      padding: 8px 16px 0;
      border-bottom: 1px solid var(--mat-sys-outline-variant);
    }
    .active {
      background: var(--mat-sys-secondary-container);
      color: var(--mat-sys-on-secondary-container);
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ManufacturingLayout {
  protected readonly pages = [
    { path: 'boms', title: 'Bills of materials' },
    { path: 'routings', title: 'Routings' },
    { path: 'kitting', title: 'Kitting' },
  ];
}
