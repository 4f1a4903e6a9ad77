import { Routes } from '@angular/router';
import { SUBCONTRACT_REPORT_ROUTES } from './subcontract-report.routes';

export const REPORT_ROUTES: Routes = [
  {
    path: '',
    title: 'Reports · Millwright',
    loadComponent: () => import('./reports.page').then((m) => m.ReportsPage),
  },
  ...SUBCONTRACT_REPORT_ROUTES,
];
