import { Routes } from '@angular/router';
import { roleGuard } from '../../core/auth/auth.guard';

export const SUPPLIER_INVOICE_ROUTES: Routes = [
  {
    path: '',
    title: 'Supplier invoices · Millwright',
    loadComponent: () => import('./supplier-invoice-list.page').then((m) => m.SupplierInvoiceListPage),
  },
  {
    path: 'new',
    title: 'Enter a supplier invoice · Millwright',
    canActivate: [roleGuard('clerk', 'controller', 'admin')],
    loadComponent: () => import('./supplier-invoice-new.page').then((m) => m.SupplierInvoiceNewPage),
  },
];
