import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { Observable } from 'rxjs';
import { AdminDashboard, ClerkDashboard, ControllerDashboard, PlannerDashboard } from './dashboard.types';

/** The home page's figures: one read per role's panel (the API refuses a panel to the roles it is not for). */
@Injectable({ providedIn: 'root' })
export class DashboardService {
  private readonly http = inject(HttpClient);

  clerk(): Observable<ClerkDashboard> {
    return this.http.get<ClerkDashboard>('/api/dashboards/clerk');
  }

  planner(): Observable<PlannerDashboard> {
    return this.http.get<PlannerDashboard>('/api/dashboards/planner');
  }

  controller(): Observable<ControllerDashboard> {
    return this.http.get<ControllerDashboard>('/api/dashboards/controller');
  }

  admin(): Observable<AdminDashboard> {
    return this.http.get<AdminDashboard>('/api/dashboards/admin');
  }
}
