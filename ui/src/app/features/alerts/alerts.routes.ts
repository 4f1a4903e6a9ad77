import { Routes } from '@angular/router';

export const ALERT_ROUTES: Routes = [
  { path: '', loadComponent: () => import('./alert-list.page').then((m) => m.AlertListPage) },
];
