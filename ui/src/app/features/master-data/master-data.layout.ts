import { ChangeDetectionStrategy, Component } from '@angular/core';
import { MatTabsModule } from '@angular/material/tabs';
import { RouterLink, RouterLinkActive, RouterOutlet } from '@angular/router';
import { RESOURCES } from './resources';

/** Master data: one tab per resource above the resource's list or record page. */
@Component({
  selector: 'mw-master-data-layout',
  imports: [RouterOutlet, RouterLink, RouterLinkActive, MatTabsModule],
  template: `
    <nav mat-tab-nav-bar [tabPanel]="panel" class="tabs" data-testid="md-tabs">
      @for (resource of resources; track resource.path) {
        <a
          mat-tab-link
          [routerLink]="resource.path"
          routerLinkActive
          #active="routerLinkActive"
          [active]="active.isActive"
          [attr.data-testid]="'md-tab-' + resource.path"
          >{{ resource.title }}</a
        >
      }
    </nav>
    <mat-tab-nav-panel #panel>
      <router-outlet />
    </mat-tab-nav-panel>
  `,
  styles: `
    .tabs {
      padding: 0 16px;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class MasterDataLayout {
  protected readonly resources = RESOURCES;
}
