import { Routes } from '@angular/router';

export const REPORT_ROUTES: Routes = [
  {
    path: '',
    title: 'Reports · Millwright',
    loadComponent: () => import('./reports.page').then((m) => m.ReportsPage),
  },
];
