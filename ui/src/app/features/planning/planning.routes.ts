import { Routes } from '@angular/router';

/** Planning: MRP runs, their plans, each item's MRP grid and the pegging of its orders. */
export const PLANNING_ROUTES: Routes = [
  { path: '', pathMatch: 'full', redirectTo: 'mrp-runs' },
  {
    path: 'mrp-runs',
    title: 'MRP runs · Millwright',
    loadComponent: () => import('./mrp-run-list.page').then((m) => m.MrpRunListPage),
  },
  {
    path: 'mrp-runs/:id',
    title: 'MRP run · Millwright',
    loadComponent: () => import('./mrp-run.page').then((m) => m.MrpRunPage),
  },
  {
    path: 'mrp-runs/:id/compare',
    title: 'MRP what-if comparison · Millwright',
    loadComponent: () => import('./mrp-compare.page').then((m) => m.MrpComparePage),
  },
  {
    path: 'mrp-runs/:id/items/:sku',
    title: 'MRP grid · Millwright',
    loadComponent: () => import('./mrp-item.page').then((m) => m.MrpItemPage),
  },
  {
    path: 'forecasts',
    title: 'Forecasts · Millwright',
    loadComponent: () => import('./forecast-list.page').then((m) => m.ForecastListPage),
  },
  {
    path: 'forecasts/new',
    title: 'New forecast · Millwright',
    loadComponent: () => import('./forecast-form.page').then((m) => m.ForecastFormPage),
  },
  {
    path: 'forecasts/:id',
    title: 'Forecast · Millwright',
    loadComponent: () => import('./forecast-form.page').then((m) => m.ForecastFormPage),
  },
];
