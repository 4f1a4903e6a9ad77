import { ParamMap, Params } from '@angular/router';
import { ActiveFilter, ListFilter, ListState } from './list.types';

export const DEFAULT_PAGE_SIZE = 20;
export const PAGE_SIZES = [10, 20, 50, 100];
const ACTIVE_VALUES: readonly ActiveFilter[] = ['true', 'false', 'all'];

function positiveInt(raw: string | null, fallback: number): number {
  const value = Number(raw);
  return Number.isInteger(value) && value > 0 ? value : fallback;
}

/** Reads the list state from the URL; anything missing or malformed falls back to the defaults. */
export function readListState(params: ParamMap, filters: readonly ListFilter[], defaultSort: string): ListState {
  const active = params.get('active') as ActiveFilter | null;
  const values: Record<string, string> = {};
  for (const filter of filters) {
    const value = params.get(filter.key);
    if (value) values[filter.key] = value;
  }
  return {
    q: params.get('q') ?? '',
    sort: params.get('sort') ?? defaultSort,
    page: positiveInt(params.get('page'), 1),
    pageSize: positiveInt(params.get('pageSize'), DEFAULT_PAGE_SIZE),
    active: active && ACTIVE_VALUES.includes(active) ? active : 'true',
    filters: values,
  };
}

/**
 * The URL query params for a state change. Defaults are written as `null` so the router drops them and a
 * fresh list keeps a clean URL; anything else (a filter, a sort) survives reload and back.
 */
export function listStateParams(state: ListState, filters: readonly ListFilter[], defaultSort: string): Params {
  const params: Params = {
    q: state.q || null,
    sort: state.sort && state.sort !== defaultSort ? state.sort : null,
    page: state.page > 1 ? state.page : null,
    pageSize: state.pageSize !== DEFAULT_PAGE_SIZE ? state.pageSize : null,
    active: state.active !== 'true' ? state.active : null,
  };
  for (const filter of filters) params[filter.key] = state.filters[filter.key] || null;
  return params;
}

/** The API query for a state: what the list fetches and what the CSV export sends (without paging). */
export function apiQuery(state: ListState, paged: boolean): Record<string, string | number> {
  const query: Record<string, string | number> = { ...state.filters, active: state.active };
  if (state.q) query['q'] = state.q;
  if (state.sort) query['sort'] = state.sort;
  if (paged) {
    query['page'] = state.page;
    query['pageSize'] = state.pageSize;
  }
  return query;
}

/** `sort=name` / `sort=-name` -> the Material sort header's active column and direction. */
export function sortParts(sort: string): { active: string; direction: 'asc' | 'desc' | '' } {
  if (!sort) return { active: '', direction: '' };
  return sort.startsWith('-') ? { active: sort.slice(1), direction: 'desc' } : { active: sort, direction: 'asc' };
}

export function sortParam(active: string, direction: 'asc' | 'desc' | ''): string {
  if (!direction) return '';
  return direction === 'desc' ? `-${active}` : active;
}
