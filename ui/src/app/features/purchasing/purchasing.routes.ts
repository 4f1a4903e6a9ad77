import { Routes } from '@angular/router';
import { roleGuard } from '../../core/auth/auth.guard';

export const PURCHASING_ROUTES: Routes = [
  {
    path: '',
    title: 'Purchase orders · Millwright',
    loadComponent: () => import('./purchase-order-list.page').then((m) => m.PurchaseOrderListPage),
  },
  {
    path: 'new',
    title: 'New purchase order · Millwright',
    canActivate: [roleGuard('clerk', 'admin')],
    loadComponent: () => import('./purchase-order-new.page').then((m) => m.PurchaseOrderNewPage),
  },
  {
    path: ':orderNumber',
    title: 'Purchase order · Millwright',
    loadComponent: () => import('./purchase-order-detail.page').then((m) => m.PurchaseOrderDetailPage),
  },
];
