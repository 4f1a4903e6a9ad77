import { CanDeactivateFn, Routes } from '@angular/router';
import type { RuleVersionPage } from './rule-version.page';

/** Leaving a draft with unsaved edits (another version, another page) asks first. */
const unsavedChanges: CanDeactivateFn<RuleVersionPage> = (page) =>
  !page.hasUnsavedChanges() || window.confirm('Leave without saving? Your changes to this draft will be lost.');

export const RULE_ROUTES: Routes = [
  {
    path: '',
    title: 'Rules · Millwright',
    loadComponent: () => import('./rule-set-list.page').then((m) => m.RuleSetListPage),
  },
  {
    path: ':code/versions/:version',
    title: 'Rule set version · Millwright',
    canDeactivate: [unsavedChanges],
    loadComponent: () => import('./rule-version.page').then((m) => m.RuleVersionPage),
  },
];
