import { Routes } from '@angular/router';

/** Customer-supplied material: the per-customer statement (its list state in its own URL). */
export const CUSTOMER_MATERIAL_ROUTES: Routes = [
  {
    path: '',
    title: 'Customer material · Millwright',
    loadComponent: () => import('./customer-material-statement.page').then((m) => m.CustomerMaterialStatementPage),
  },
];
