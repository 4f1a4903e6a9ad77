import { ChangeDetectionStrategy, Component } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { RouterLink, RouterLinkActive, RouterOutlet } from '@angular/router';
import { RESOURCES } from './resources';

/** Master data: one link per resource above the resource's list or record page. */
@Component({
  selector: 'mw-master-data-layout',
  imports: [RouterOutlet, RouterLink, RouterLinkActive, MatButtonModule],
  template: `
    <!-- A wrapping row rather than tabs: all seven stay reachable on a 390 px handheld without scrolling a strip. -->
    <nav class="resources" aria-label="Master data" data-testid="md-tabs">
      @for (resource of resources; track resource.path) {
        <a
          mat-button
          [routerLink]="resource.path"
          routerLinkActive="active"
          ariaCurrentWhenActive="page"
          [attr.data-testid]="'md-tab-' + resource.path"
          >{{ resource.title }}</a
        >
      }
    </nav>
    <router-outlet />
  `,
  styles: `
    .resources {
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
export class MasterDataLayout {
  protected readonly resources = RESOURCES;
}
