import { Routes } from '@angular/router';

export const PAYMENT_ROUTES: Routes = [
  {
    path: '',
    title: 'Payments · Millwright',
    loadComponent: () => import('./payments.page').then((m) => m.PaymentsPage),
  },
  {
    path: 'aging',
    title: 'Aging · Millwright',
    loadComponent: () => import('./aging.page').then((m) => m.AgingPage),
  },
];
