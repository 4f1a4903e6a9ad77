import { Routes } from '@angular/router';
import { roleGuard } from '../../core/auth/auth.guard';

export const ORDER_ROUTES: Routes = [
  {
    path: '',
    title: 'Orders · Millwright',
    loadComponent: () => import('./order-list.page').then((m) => m.OrderListPage),
  },
  {
    path: 'new',
    title: 'New order · Millwright',
    canActivate: [roleGuard('clerk', 'admin')],
    loadComponent: () => import('./order-new.page').then((m) => m.OrderNewPage),
  },
];
