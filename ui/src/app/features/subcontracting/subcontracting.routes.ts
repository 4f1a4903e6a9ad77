import { Routes } from '@angular/router';
import { roleGuard } from '../../core/auth/auth.guard';

export const SUBCONTRACTING_ROUTES: Routes = [
  {
    path: '',
    title: 'Subcontract orders · Millwright',
    loadComponent: () => import('./subcontract-order-list.page').then((m) => m.SubcontractOrderListPage),
  },
  {
    path: 'new',
    title: 'New subcontract order · Millwright',
    canActivate: [roleGuard('planner', 'clerk', 'admin')],
    loadComponent: () => import('./subcontract-order-new.page').then((m) => m.SubcontractOrderNewPage),
  },
  {
    path: ':orderNumber',
    title: 'Subcontract order · Millwright',
    loadComponent: () => import('./subcontract-order-detail.page').then((m) => m.SubcontractOrderDetailPage),
  },
];
