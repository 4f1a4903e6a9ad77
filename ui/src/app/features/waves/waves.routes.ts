import { Routes } from '@angular/router';
import { roleGuard } from '../../core/auth/auth.guard';

export const WAVE_ROUTES: Routes = [
  {
    path: '',
    pathMatch: 'full',
    // The planning board reads the orders waiting for a wave, a supervisor's list.
    canActivate: [roleGuard('supervisor', 'admin', 'auditor')],
    title: 'Pick waves · Millwright',
    loadComponent: () => import('./wave-board.page').then((m) => m.WaveBoardPage),
  },
  {
    path: 'released',
    title: 'Released waves · Millwright',
    loadComponent: () => import('./wave-list.page').then((m) => m.WaveListPage),
  },
  {
    // A warehouse's scheduled wave release: supervisors set it, auditors read it (the API says the same).
    path: 'schedules',
    canActivate: [roleGuard('supervisor', 'admin', 'auditor')],
    title: 'Scheduled wave release · Millwright',
    loadComponent: () => import('./wave-schedule.page').then((m) => m.WaveSchedulePage),
  },
  {
    path: 'schedules/:warehouseCode',
    canActivate: [roleGuard('supervisor', 'admin', 'auditor')],
    title: 'Scheduled wave release · Millwright',
    loadComponent: () => import('./wave-schedule.page').then((m) => m.WaveSchedulePage),
  },
  {
    path: ':waveId',
    title: 'Pick wave · Millwright',
    loadComponent: () => import('./wave-progress.page').then((m) => m.WaveProgressPage),
  },
];
