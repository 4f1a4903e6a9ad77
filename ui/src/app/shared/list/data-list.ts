import { BreakpointObserver } from '@angular/cdk/layout';
import { HttpClient } from '@angular/common/http';
import {
  ChangeDetectionStrategy,
  Component,
  computed,
  contentChildren,
  effect,
  inject,
  input,
  output,
  signal,
} from '@angular/core';
import { NgTemplateOutlet } from '@angular/common';
import { takeUntilDestroyed, toObservable, toSignal } from '@angular/core/rxjs-interop';
import { FormControl, ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatPaginatorModule, PageEvent } from '@angular/material/paginator';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSelectModule } from '@angular/material/select';
import { MatSortModule, Sort } from '@angular/material/sort';
import { MatTableModule } from '@angular/material/table';
import { ActivatedRoute, Router } from '@angular/router';
import { catchError, debounceTime, distinctUntilChanged, finalize, map, of, Subject, switchMap, tap } from 'rxjs';
import { errorMessage } from '../api-error';
import { silentErrors } from '../../core/http/http-context';
import { CurrencyService } from '../currency.service';
import { toParams } from '../http-params';
import { formatMoney } from '../money.pipe';
import { CsvDownload } from './csv-download';
import { ListCell, ListRowAttributes } from './list-cell';
import { apiQuery, listStateParams, PAGE_SIZES, readListState, sortParam, sortParts } from './list-state';
import { ActiveFilter, ListColumn, ListFilter, ListPage, ListState } from './list.types';

type Row = Record<string, unknown>;
type Loaded = { page: ListPage<Row>; error: null } | { page: null; error: string };

/**
 * The console's one server-side list: search, sort (header click -> `sort=field|-field`), paging and the
 * page's filters all live in the URL query params, so reload, back and a shared link restore the same view.
 * Exports the current view (filters, no paging) as CSV through the authenticated HttpClient.
 */
@Component({
  selector: 'mw-data-list',
  imports: [
    ReactiveFormsModule,
    MatTableModule,
    MatSortModule,
    MatPaginatorModule,
    MatFormFieldModule,
    MatInputModule,
    MatSelectModule,
    MatButtonModule,
    MatProgressBarModule,
    NgTemplateOutlet,
    ListRowAttributes,
  ],
  templateUrl: './data-list.html',
  styleUrl: './data-list.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class DataList {
  private readonly http = inject(HttpClient);
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);
  private readonly csv = inject(CsvDownload);
  private readonly currency = inject(CurrencyService).code;

  /** The API collection under /api (`items`, `locations` ...); export is `<resource>/export.csv`. */
  readonly resource = input.required<string>();
  readonly columns = input.required<ListColumn<never>[]>();
  readonly filters = input<ListFilter[]>([]);
  /** The field that identifies a row (its key in the API's URLs). */
  readonly rowKey = input.required<string>();
  /** Sort when the URL names none; defaults to the row key. */
  readonly defaultSort = input<string>('');
  /** Offer the active / inactive / all switch (deactivated rows are hidden by default). */
  readonly showActive = input(true);
  readonly noun = input('records');
  /** Fixed API parameters the page adds to every request and export (e.g. the inbox's `scope`). */
  readonly extraQuery = input<Record<string, string>>({});
  /** The `data-testid` of each row (pages whose journeys predate the shared list keep theirs). */
  readonly rowTestId = input('list-row');
  /** More attributes per row (e.g. `data-business-key`), for links and tests. */
  readonly rowAttributes = input<(row: Row) => Record<string, string | null | undefined>>(() => ({}));
  /** The export's file name; defaults to `<resource>.csv`. */
  readonly exportName = input('');
  readonly rowOpen = output<Row>();
  /** Each page as loaded (with whatever else the API sends beside the rows, e.g. a report's totals). */
  readonly pageLoaded = output<ListPage<Row>>();
  /** Pages' own renderings of some columns (`<ng-template mwListCell="key" let-row>`). */
  private readonly cellTemplates = contentChildren(ListCell);
  protected readonly templates = computed(
    () => new Map(this.cellTemplates().map((cell) => [cell.column(), cell.template] as const)),
  );

  protected readonly compact = toSignal(
    inject(BreakpointObserver)
      .observe('(max-width: 600px)')
      .pipe(map((state) => state.matches)),
    { initialValue: false },
  );
  private readonly queryParams = toSignal(this.route.queryParamMap, { requireSync: true });
  private readonly sortDefault = computed(() => this.defaultSort() || this.rowKey());
  readonly state = computed(() => readListState(this.queryParams(), this.filters(), this.sortDefault()), {
    equal: (a, b) => JSON.stringify(a) === JSON.stringify(b),
  });
  private readonly reloads = signal(0);
  private readonly request = computed(() => ({
    url: `/api/${this.resource()}`,
    query: this.query(true),
    reload: this.reloads(),
  }));

  protected readonly loading = signal(false);
  protected readonly exporting = signal(false);
  protected readonly loaded = toSignal(
    toObservable(this.request).pipe(
      switchMap(({ url, query }) => {
        this.loading.set(true);
        return this.http.get<ListPage<Row>>(url, { params: toParams(query), context: silentErrors() }).pipe(
          map((page): Loaded => ({ page, error: null })),
          tap((loaded) => loaded.page && this.pageLoaded.emit(loaded.page)),
          catchError((err: unknown) => of<Loaded>({ page: null, error: errorMessage(err) })),
          finalize(() => this.loading.set(false)),
        );
      }),
    ),
    { initialValue: null },
  );
  protected readonly rows = computed(() => this.loaded()?.page?.items ?? []);
  protected readonly total = computed(() => this.loaded()?.page?.total ?? 0);
  /** The API estimated the total (too many matches to count each request): shown as "about". */
  protected readonly totalEstimated = computed(() => this.loaded()?.page?.totalEstimated === true);
  protected readonly error = computed(() => this.loaded()?.error ?? null);
  protected readonly sort = computed(() => sortParts(this.state().sort));
  protected readonly displayed = computed(() => {
    const columns = this.columns() as ListColumn<Row>[];
    if (!this.compact()) return columns.map((column) => column.key);
    const essential = columns.filter((column) => column.essential);
    return (essential.length ? essential : columns.slice(0, 2)).map((column) => column.key);
  });
  protected readonly pageSizes = PAGE_SIZES;
  /** On a handheld the filters fold away behind one button (they would push the rows off the screen). */
  protected readonly filtersOpen = signal(false);
  protected readonly activeFilterCount = computed(
    () => Object.keys(this.state().filters).length + (this.state().active === 'true' ? 0 : 1),
  );
  protected readonly search = new FormControl('', { nonNullable: true });
  /** Text typed into a free-text filter; applied after a pause, like the search (Enter or leaving applies at once). */
  protected readonly typed = new Subject<{ key: string; value: string }>();

  constructor() {
    // The URL is the source of truth: back/forward (or a reload) puts its search text back in the box.
    effect(() => {
      const q = this.state().q;
      if (this.search.value !== q) this.search.setValue(q, { emitEvent: false });
    });
    this.search.valueChanges
      .pipe(debounceTime(300), distinctUntilChanged(), takeUntilDestroyed())
      .subscribe((q) => this.update({ q: q.trim(), page: 1 }, true));
    this.typed.pipe(debounceTime(400), takeUntilDestroyed()).subscribe(({ key, value }) => {
      // Enter or leaving the field applied it already: navigating again (to the same list) would cancel whatever
      // navigation came since — a row tapped within the pause bounced back to the list.
      if ((this.state().filters[key] ?? '') === value.trim()) return;
      this.update({ filters: { ...this.state().filters, [key]: value.trim() }, page: 1 }, true);
    });
  }

  /** The API query of the current state, with the page's fixed parameters (no `active` where it has no meaning). */
  private query(paged: boolean): Record<string, string | number> {
    const query = apiQuery(this.state(), paged);
    if (!this.showActive()) delete query['active'];
    return { ...query, ...this.extraQuery() };
  }

  /** Re-reads the current page (after an import or an edit elsewhere). */
  reload(): void {
    this.reloads.update((n) => n + 1);
  }

  protected cell(column: ListColumn<Row>, row: Row): string {
    const value = column.value ? column.value(row) : row[column.key];
    if (value === null || value === undefined) return '';
    if (column.money && (typeof value === 'number' || typeof value === 'string'))
      return formatMoney(value, this.currency());
    if (typeof value === 'boolean') return value ? 'Yes' : 'No';
    if (Array.isArray(value)) return value.join(', ');
    return String(value);
  }

  protected keyOf(row: Row): string {
    return String(row[this.rowKey()] ?? '');
  }

  protected onSort(sort: Sort): void {
    this.update({ sort: sortParam(sort.active, sort.direction), page: 1 });
  }

  protected onPage(event: PageEvent): void {
    this.update({ page: event.pageIndex + 1, pageSize: event.pageSize });
  }

  protected setFilter(key: string, value: string): void {
    this.update({ filters: { ...this.state().filters, [key]: value.trim() }, page: 1 });
  }

  protected setActive(active: ActiveFilter): void {
    this.update({ active, page: 1 });
  }

  protected open(row: Row, event?: Event): void {
    // A button or link inside the row (a page's row actions) does its own thing, not also open the row.
    const target = event?.target as HTMLElement | null;
    if (target && target !== event?.currentTarget && target.closest('a, button, input, mat-select')) return;
    this.rowOpen.emit(row);
  }

  protected exportCsv(): void {
    this.exporting.set(true);
    this.csv
      .download(`/api/${this.resource()}/export.csv`, this.query(false), this.exportName() || `${this.resource()}.csv`)
      .pipe(finalize(() => this.exporting.set(false)))
      .subscribe({ error: () => undefined }); // the error interceptor tells the user
  }

  private update(patch: Partial<ListState>, replaceUrl = false): void {
    const next = { ...this.state(), ...patch };
    void this.router.navigate([], {
      relativeTo: this.route,
      queryParams: listStateParams(next, this.filters(), this.sortDefault()),
      queryParamsHandling: 'merge',
      replaceUrl,
    });
  }
}
