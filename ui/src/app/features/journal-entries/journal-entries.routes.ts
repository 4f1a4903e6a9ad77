import { Routes } from '@angular/router';

export const JOURNAL_ENTRY_ROUTES: Routes = [
  {
    path: '',
    title: 'Journal entries · Millwright',
    loadComponent: () => import('./journal-entries.page').then((m) => m.JournalEntriesPage),
  },
];
