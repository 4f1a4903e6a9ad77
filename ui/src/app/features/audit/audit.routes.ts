import { Routes } from '@angular/router';

/** The auditor's console (issue 18): the searchable, read-only audit trail with the chain's verification status. */
export const AUDIT_ROUTES: Routes = [
  { path: '', pathMatch: 'full', redirectTo: 'trail' },
  {
    path: 'trail',
    title: 'Audit trail · Millwright',
    loadComponent: () => import('./audit-trail.page').then((m) => m.AuditTrailPage),
  },
  {
    // A process instance's whole Temporal history with the user behind each update and signal.
    path: 'processes/:workflowId',
    title: 'Process history · Millwright',
    loadComponent: () => import('./process-history.page').then((m) => m.ProcessHistoryPage),
  },
  {
    // One rule decision: version, facts, fired rules, result and why the alternatives lost.
    path: 'decisions/:id',
    title: 'Decision · Millwright',
    loadComponent: () => import('./decision.page').then((m) => m.DecisionPage),
  },
];
