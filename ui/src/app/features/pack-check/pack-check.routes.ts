import { Routes } from '@angular/router';

export const PACK_CHECK_ROUTES: Routes = [
  {
    path: ':orderNumber',
    title: 'Pack check · Millwright',
    loadComponent: () => import('./pack-check.page').then((m) => m.PackCheckPage),
  },
];
