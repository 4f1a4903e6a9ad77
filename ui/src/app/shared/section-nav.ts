import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { RouterLink, RouterLinkActive } from '@angular/router';

/** One page of a section (a path relative to the section's route, and its title). */
export interface SectionPage {
  path: string;
  title: string;
}

/**
 * A section's pages as one wrapping row of links above the page (master data, manufacturing): a row rather than
 * tabs, so every page stays reachable on a 390 px handheld without scrolling a strip. Test ids: `<testId>s` on the
 * row, `<testId>-<path>` on each link.
 */
@Component({
  selector: 'mw-section-nav',
  imports: [RouterLink, RouterLinkActive, MatButtonModule],
  template: `
    <nav class="pages" [attr.aria-label]="label()" [attr.data-testid]="testId() + 's'">
      @for (page of pages(); track page.path) {
        <a
          mat-button
          [routerLink]="page.path"
          routerLinkActive="active"
          ariaCurrentWhenActive="page"
          [attr.data-testid]="testId() + '-' + page.path"
          >{{ page.title }}</a
        >
      }
    </nav>
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
export class SectionNav {
  readonly pages = input.required<readonly SectionPage[]>();
  readonly label = input.required<string>();
  /** `md-tab` gives `md-tabs` on the row and `md-tab-items` on the items link. */
  readonly testId = input.required<string>();
}
