import { Routes } from '@angular/router';

export const PERIOD_ROUTES: Routes = [
  {
    path: '',
    title: 'Accounting periods · Millwright',
    loadComponent: () => import('./periods.page').then((m) => m.PeriodsPage),
  },
];
