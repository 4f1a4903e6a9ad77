import { Routes } from '@angular/router';
import { roleGuard } from '../../core/auth/auth.guard';

export const CARRIER_RECEIPT_ROUTES: Routes = [
  {
    path: '',
    title: 'Carrier receipts · Millwright',
    loadComponent: () => import('./carrier-receipt-list.page').then((m) => m.CarrierReceiptListPage),
  },
  {
    path: 'new',
    title: 'Enter a carrier receipt · Millwright',
    canActivate: [roleGuard('clerk', 'admin')],
    loadComponent: () => import('./carrier-receipt-form.page').then((m) => m.CarrierReceiptFormPage),
  },
  {
    path: ':receiptNumber',
    title: 'Carrier receipt · Millwright',
    loadComponent: () => import('./carrier-receipt-detail.page').then((m) => m.CarrierReceiptDetailPage),
  },
];
