import { Routes } from '@angular/router';

export const STOCK_ROUTES: Routes = [
  {
    path: '',
    title: 'Stock moves · Millwright',
    loadComponent: () => import('./stock-move.page').then((m) => m.StockMovePage),
  },
  {
    path: 'transfers',
    title: 'Transfers · Millwright',
    loadComponent: () => import('./transfer-list.page').then((m) => m.TransferListPage),
  },
];
