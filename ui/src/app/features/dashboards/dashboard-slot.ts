import {
  afterNextRender,
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  inject,
  ViewContainerRef,
} from '@angular/core';

/**
 * Where a home page (task inbox, process list) shows the role dashboard: this stays tiny in the page's own chunk and
 * fetches the dashboard (its panels, its service) as a chunk of its own once the page has rendered. A dynamic import
 * rather than `@defer`, whose runtime would join the shared core chunk of the first page (+7 kB, measured).
 */
@Component({
  selector: 'mw-dashboard-slot',
  template: '',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class DashboardSlot {
  private readonly host = inject(ViewContainerRef);

  constructor() {
    let destroyed = false;
    inject(DestroyRef).onDestroy(() => (destroyed = true));
    afterNextRender(() => {
      void import('./role-dashboard').then(({ RoleDashboard }) => {
        if (!destroyed) this.host.createComponent(RoleDashboard);
      });
    });
  }
}
