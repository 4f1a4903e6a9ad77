import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { RouterOutlet } from '@angular/router';
import { AuthService } from '../../core/auth/auth.service';
import { SectionNav } from '../../shared/section-nav';

/** The manufacturing pages, with their links above the page. */
@Component({
  selector: 'mw-manufacturing-layout',
  imports: [RouterOutlet, SectionNav],
  template: `
    <mw-section-nav [pages]="shown()" label="Manufacturing" testId="mfg-tab" />
    <router-outlet />
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ManufacturingLayout {
  private readonly auth = inject(AuthService);
  protected readonly pages = [
    { path: 'boms', title: 'Bills of materials' },
    { path: 'bom-import', title: 'Import BOMs' },
    { path: 'routings', title: 'Routings' },
    { path: 'kitting', title: 'Kitting' },
    { path: 'production-orders', title: 'Production orders' },
  ];
  /** The BOM import writes BOMs: only planners and admins see its link (its route is guarded alike). */
  protected readonly shown = computed(() =>
    this.pages.filter((page) => page.path !== 'bom-import' || this.auth.hasAnyRole('planner', 'admin')),
  );
}
