import { Route, Routes } from '@angular/router';
import { MasterDataLayout } from './master-data.layout';
import { ResourceConfig } from './resource.types';
import { RESOURCES } from './resources';

const listPage = () => import('./master-list.page').then((m) => m.MasterListPage);
const recordPage = () => import('./master-record.page').then((m) => m.MasterRecordPage);

/** A resource's routes: its list, a new record, one record by key (the key arrives as the `key` input). */
function resourceRoutes(config: ResourceConfig): Route[] {
  const data = { config };
  if (config.singleton)
    return [{ path: config.path, title: `${config.title} · Millwright`, data, loadComponent: recordPage }];
  return [
    { path: config.path, title: `${config.title} · Millwright`, data, loadComponent: listPage },
    { path: `${config.path}/new`, title: `New ${config.singular} · Millwright`, data, loadComponent: recordPage },
    { path: `${config.path}/:key`, title: `${config.title} · Millwright`, data, loadComponent: recordPage },
  ];
}

export const MASTER_DATA_ROUTES: Routes = [
  {
    path: '',
    component: MasterDataLayout,
    children: [{ path: '', pathMatch: 'full', redirectTo: 'items' }, ...RESOURCES.flatMap(resourceRoutes)],
  },
];
