import { Routes } from '@angular/router';
import { roleGuard } from '../../core/auth/auth.guard';
import { TASK_OVERSEERS } from './task-permissions';

export const TASK_ROUTES: Routes = [
  {
    path: '',
    title: 'Tasks · Millwright',
    // The page, not only these routes, loads while the sign-in page waits (core/routing/home-preloading.ts).
    data: { preload: true },
    loadComponent: () => import('./task-list.page').then((m) => m.TaskListPage),
  },
  {
    path: 'board',
    title: 'All tasks · Millwright',
    canActivate: [roleGuard(...TASK_OVERSEERS)],
    loadComponent: () => import('./task-board.page').then((m) => m.TaskBoardPage),
  },
  {
    path: ':id',
    title: 'Task · Millwright',
    loadComponent: () => import('./task-detail.page').then((m) => m.TaskDetailPage),
  },
];
