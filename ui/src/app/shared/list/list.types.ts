/**
 * Configuration of the shared list (`mw-data-list`): every server-side list in the console declares its
 * columns and filters with these and lets the list keep its state in the URL.
 */

/** One column; `key` is both the column id and the field named in `sort=key|-key`. */
export interface ListColumn<T = Record<string, unknown>> {
  key: string;
  label: string;
  /** Clicking the header sorts by this field on the server (default true). */
  sortable?: boolean;
  /** Shown on narrow screens (390 px handhelds); other columns collapse there. */
  essential?: boolean;
  /** Right-aligned (quantities, money). */
  numeric?: boolean;
  /** An amount: shown in the company currency with the shared formatting (`formatMoney`), right-aligned. */
  money?: boolean;
  /** What the cell shows; defaults to the field's value (booleans as Yes/No, null as empty). */
  value?: (row: T) => string | number | null | undefined;
}

export interface ListFilterOption {
  value: string;
  label: string;
}

/** A per-page filter: a plain query parameter the server understands (e.g. items' `category`). */
export interface ListFilter {
  key: string;
  label: string;
  /** A fixed choice list; without it the filter is a free-text field. */
  options?: ListFilterOption[];
  /** A free-text filter's input type: `date` gives a date picker (the value is `YYYY-MM-DD`). */
  type?: 'text' | 'date';
  /** The control's `data-testid`; defaults to `list-filter-<key>`. */
  testId?: string;
}

/** The whole list state, as kept in the URL query parameters. */
export interface ListState {
  q: string;
  sort: string;
  page: number;
  pageSize: number;
  /** `true` (default: deactivated rows hidden), `false` or `all`. */
  active: ActiveFilter;
  filters: Record<string, string>;
}

export type ActiveFilter = 'true' | 'false' | 'all';

/** The API's page shape, shared by every master-data list. */
export interface ListPage<T> {
  items: T[];
  total: number;
  /** True when `total` is PostgreSQL's estimate (a list past its exact-count cap, e.g. a million process instances). */
  totalEstimated?: boolean;
  page: number;
  pageSize: number;
}
