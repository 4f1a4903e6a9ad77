import { Routes } from '@angular/router';

/** The quality gate's pages: inspection lots (list, detail) and the supplier quality report. */
export const QUALITY_ROUTES: Routes = [
  { path: '', pathMatch: 'full', redirectTo: 'lots' },
  {
    path: 'lots',
    title: 'Inspection lots · Millwright',
    loadComponent: () => import('./inspection-lot-list.page').then((m) => m.InspectionLotListPage),
  },
  {
    path: 'lots/:lotNo',
    title: 'Inspection lot · Millwright',
    loadComponent: () => import('./inspection-lot-detail.page').then((m) => m.InspectionLotDetailPage),
  },
  {
    path: 'suppliers',
    title: 'Supplier quality · Millwright',
    loadComponent: () => import('./supplier-quality.page').then((m) => m.SupplierQualityPage),
  },
];
