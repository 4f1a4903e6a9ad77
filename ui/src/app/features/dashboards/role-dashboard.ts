import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { AuthService } from '../../core/auth/auth.service';
import { AdminPanel } from './admin-panel';
import { ClerkPanel, ControllerPanel, PlannerPanel } from './work-panels';

/**
 * The home page's panels for the signed-in user's roles (issue 19): a clerk's tasks due soon and past due, a
 * planner's and a controller's open work, an administrator's charts. The home pages (task inbox, process list) show it
 * in a `@defer` block, so none of it is in the first page's bundles; the charts' library loads only with the first
 * chart (DashboardChart), i.e. only for an administrator.
 */
@Component({
  selector: 'mw-role-dashboard',
  imports: [AdminPanel, ClerkPanel, ControllerPanel, PlannerPanel],
  template: `
    <div data-testid="role-dashboard">
      @if (auth.hasAnyRole('clerk')) {
        <mw-clerk-panel />
      }
      @if (auth.hasAnyRole('planner')) {
        <mw-planner-panel />
      }
      @if (auth.hasAnyRole('controller')) {
        <mw-controller-panel />
      }
      @if (auth.hasAnyRole('admin')) {
        <mw-admin-panel />
      }
    </div>
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class RoleDashboard {
  protected readonly auth = inject(AuthService);
}
