import { Routes } from '@angular/router';
import { roleGuard } from '../../core/auth/auth.guard';
import { ManufacturingLayout } from './manufacturing.layout';

export const MANUFACTURING_ROUTES: Routes = [
  {
    path: '',
    component: ManufacturingLayout,
    children: [
      { path: '', pathMatch: 'full', redirectTo: 'boms' },
      {
        path: 'boms',
        title: 'Bills of materials · Millwright',
        loadComponent: () => import('./bom.page').then((m) => m.BomPage),
      },
      {
        path: 'routings',
        title: 'Routings · Millwright',
        loadComponent: () => import('./routing.page').then((m) => m.RoutingPage),
      },
      {
        path: 'kitting',
        title: 'Kitting · Millwright',
        loadComponent: () => import('./kitting.page').then((m) => m.KittingPage),
      },
      {
        path: 'bom-import',
        title: 'Import BOMs · Millwright',
        canActivate: [roleGuard('planner', 'admin')],
        loadComponent: () => import('./bom-import/bom-import.page').then((m) => m.BomImportPage),
      },
      {
        path: 'production-orders',
        title: 'Production orders · Millwright',
        loadComponent: () =>
          import('./production-orders/production-order-list.page').then((m) => m.ProductionOrderListPage),
      },
      {
        path: 'production-orders/new',
        title: 'New production order · Millwright',
        canActivate: [roleGuard('planner', 'admin')],
        loadComponent: () =>
          import('./production-orders/production-order-new.page').then((m) => m.ProductionOrderNewPage),
      },
      {
        path: 'production-orders/:number',
        title: 'Production order · Millwright',
        loadComponent: () =>
          import('./production-orders/production-order-detail.page').then((m) => m.ProductionOrderDetailPage),
      },
    ],
  },
];
