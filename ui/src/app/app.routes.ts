import { inject } from '@angular/core';
import { Routes } from '@angular/router';
import { authGuard, guestGuard, roleGuard } from './core/auth/auth.guard';
import { AuthService } from './core/auth/auth.service';
import { Shell } from './core/shell/shell';

export const routes: Routes = [
  {
    path: 'login',
    canActivate: [guestGuard],
    title: 'Sign in · Millwright',
    loadComponent: () => import('./features/login/login.page').then((m) => m.LoginPage),
  },
  {
    path: '',
    component: Shell,
    canActivate: [authGuard],
    canActivateChild: [authGuard],
    children: [
      { path: '', pathMatch: 'full', redirectTo: () => inject(AuthService).homeUrl() },
      {
        path: 'processes',
        // The landing pages after sign-in: preloaded while the sign-in page is open (core/routing/home-preloading.ts).
        data: { preload: true },
        loadChildren: () => import('./features/processes/processes.routes').then((m) => m.PROCESS_ROUTES),
      },
      {
        path: 'tasks',
        data: { preload: true },
        loadChildren: () => import('./features/tasks/tasks.routes').then((m) => m.TASK_ROUTES),
      },
      { path: 'orders', loadChildren: () => import('./features/orders/orders.routes').then((m) => m.ORDER_ROUTES) },
      {
        path: 'purchase-orders',
        loadChildren: () => import('./features/purchasing/purchasing.routes').then((m) => m.PURCHASING_ROUTES),
      },
      {
        path: 'subcontract-orders',
        loadChildren: () =>
          import('./features/subcontracting/subcontracting.routes').then((m) => m.SUBCONTRACTING_ROUTES),
      },
      {
        path: 'carrier-receipts',
        loadChildren: () =>
          import('./features/carrier-receipts/carrier-receipts.routes').then((m) => m.CARRIER_RECEIPT_ROUTES),
      },
      {
        path: 'quality',
        loadChildren: () => import('./features/quality/quality.routes').then((m) => m.QUALITY_ROUTES),
      },
      {
        path: 'supplier-invoices',
        loadChildren: () =>
          import('./features/supplier-invoices/supplier-invoices.routes').then((m) => m.SUPPLIER_INVOICE_ROUTES),
      },
      {
        path: 'payments',
        canActivate: [roleGuard('controller', 'admin', 'auditor')],
        loadChildren: () => import('./features/payments/payments.routes').then((m) => m.PAYMENT_ROUTES),
      },
      {
        path: 'stock',
        canActivate: [roleGuard('clerk', 'admin')],
        loadChildren: () => import('./features/stock/stock.routes').then((m) => m.STOCK_ROUTES),
      },
      { path: 'alerts', loadChildren: () => import('./features/alerts/alerts.routes').then((m) => m.ALERT_ROUTES) },
      {
        path: 'pack-check',
        loadChildren: () => import('./features/pack-check/pack-check.routes').then((m) => m.PACK_CHECK_ROUTES),
      },
      { path: 'waves', loadChildren: () => import('./features/waves/waves.routes').then((m) => m.WAVE_ROUTES) },
      {
        path: 'stock-counts',
        loadChildren: () => import('./features/stock-counts/stock-counts.routes').then((m) => m.STOCK_COUNT_ROUTES),
      },
      { path: 'reports', loadChildren: () => import('./features/reports/reports.routes').then((m) => m.REPORT_ROUTES) },
      {
        path: 'customer-material',
        loadChildren: () =>
          import('./features/customer-material/customer-material.routes').then((m) => m.CUSTOMER_MATERIAL_ROUTES),
      },
      { path: 'periods', loadChildren: () => import('./features/periods/periods.routes').then((m) => m.PERIOD_ROUTES) },
      {
        path: 'journal-entries',
        canActivate: [roleGuard('controller', 'admin', 'auditor')],
        loadChildren: () =>
          import('./features/journal-entries/journal-entries.routes').then((m) => m.JOURNAL_ENTRY_ROUTES),
      },
      {
        path: 'audit',
        canActivate: [roleGuard('auditor', 'admin')],
        loadChildren: () => import('./features/audit/audit.routes').then((m) => m.AUDIT_ROUTES),
      },
      { path: 'rules', loadChildren: () => import('./features/rules/rules.routes').then((m) => m.RULE_ROUTES) },
      {
        path: 'manufacturing',
        canActivate: [roleGuard('admin', 'controller', 'clerk', 'planner', 'auditor')],
        loadChildren: () => import('./features/manufacturing/manufacturing.routes').then((m) => m.MANUFACTURING_ROUTES),
      },
      {
        path: 'planning',
        canActivate: [roleGuard('planner', 'admin', 'auditor', 'supervisor')],
        loadChildren: () => import('./features/planning/planning.routes').then((m) => m.PLANNING_ROUTES),
      },
      {
        path: 'master-data',
        canActivate: [roleGuard('admin', 'controller')],
        loadChildren: () => import('./features/master-data/master-data.routes').then((m) => m.MASTER_DATA_ROUTES),
      },
    ],
  },
  { path: '**', redirectTo: '' },
];
