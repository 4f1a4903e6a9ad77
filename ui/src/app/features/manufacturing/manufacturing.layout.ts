import { ChangeDetectionStrategy, Component } from '@angular/core';
import { RouterOutlet } from '@angular/router';
import { SectionNav } from '../../shared/section-nav';

/** The manufacturing pages, with their links above the page. */
@Component({
  selector: 'mw-manufacturing-layout',
  imports: [RouterOutlet, SectionNav],
  template: `
    <mw-section-nav [pages]="pages" label="Manufacturing" testId="mfg-tab" />
    <router-outlet />
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ManufacturingLayout {
  protected readonly pages = [
    { path: 'boms', title: 'Bills of materials' },
    { path: 'routings', title: 'Routings' },
    { path: 'kitting', title: 'Kitting' },
    { path: 'production-orders', title: 'Production orders' },
  ];
}
