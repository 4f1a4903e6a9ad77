import { Routes } from '@angular/router';

export const TASK_ROUTES: Routes = [
  {
    path: '',
    title: 'Tasks · Millwright',
    loadComponent: () => import('./task-list.page').then((m) => m.TaskListPage),
  },
  {
    path: ':id',
    title: 'Task · Millwright',
    loadComponent: () => import('./task-detail.page').then((m) => m.TaskDetailPage),
  },
];
