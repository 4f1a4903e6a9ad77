import { Routes } from '@angular/router';

/** The subcontract reports, each a page of its own under /reports (its list state in its own URL). */
export const SUBCONTRACT_REPORT_ROUTES: Routes = [
  {
    path: 'subcontract-tracking',
    title: 'Subcontract tracking · Millwright',
    loadComponent: () => import('./subcontract-tracking.page').then((m) => m.SubcontractTrackingPage),
  },
  {
    path: 'subcontract-tracking/by-supplier',
    title: 'Subcontract tracking by supplier · Millwright',
    loadComponent: () => import('./subcontract-suppliers.page').then((m) => m.SubcontractSuppliersPage),
  },
  {
    path: 'stock-at-suppliers',
    title: 'Stock at suppliers · Millwright',
    loadComponent: () => import('./stock-at-suppliers.page').then((m) => m.StockAtSuppliersPage),
  },
];
