import { Routes } from '@angular/router';

export const PERIOD_ROUTES: Routes = [
  {
    path: '',
    title: 'Accounting periods · Millwright',
    loadComponent: () => import('./periods.page').then((m) => m.PeriodsPage),
  },
  {
    path: ':code/close',
    title: 'Period close · Millwright',
    loadComponent: () => import('./period-close.page').then((m) => m.PeriodClosePage),
  },
];
