import { Routes } from '@angular/router';

/** The auditor's console (issue 18): the searchable, read-only audit trail with the chain's verification status. */
export const AUDIT_ROUTES: Routes = [
  { path: '', pathMatch: 'full', redirectTo: 'trail' },
  {
    path: 'trail',
    title: 'Audit trail · Millwright',
    loadComponent: () => import('./audit-trail.page').then((m) => m.AuditTrailPage),
  },
];
