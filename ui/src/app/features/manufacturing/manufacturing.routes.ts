import { Routes } from '@angular/router';
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
    ],
  },
];
