import { Routes } from '@angular/router';

export const STOCK_COUNT_ROUTES: Routes = [
  { path: '', loadComponent: () => import('./stock-count-list.page').then((m) => m.StockCountListPage) },
];
