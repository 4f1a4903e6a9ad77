import { ChangeDetectionStrategy, Component } from '@angular/core';
import { RouterOutlet } from '@angular/router';
import { SectionNav } from '../../shared/section-nav';
import { RESOURCES } from './resources';

/** Master data: one link per resource above the resource's list or record page. */
@Component({
  selector: 'mw-master-data-layout',
  imports: [RouterOutlet, SectionNav],
  template: `
    <mw-section-nav [pages]="resources" label="Master data" testId="md-tab" />
    <router-outlet />
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class MasterDataLayout {
  protected readonly resources = RESOURCES;
}
