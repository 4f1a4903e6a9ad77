import { Routes } from '@angular/router';

export const PROCESS_ROUTES: Routes = [
  {
    path: '',
    title: 'Processes · Millwright',
    // The page, not only these routes, loads while the sign-in page waits (core/routing/home-preloading.ts).
    data: { preload: true },
    loadComponent: () => import('./process-list.page').then((m) => m.ProcessListPage),
  },
  {
    path: ':workflowId',
    title: 'Process · Millwright',
    loadComponent: () => import('./process-detail.page').then((m) => m.ProcessDetailPage),
  },
];
