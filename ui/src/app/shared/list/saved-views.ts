import { HttpClient } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, computed, inject, input, OnInit, signal } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { FormControl, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { ActivatedRoute, Params, Router } from '@angular/router';

/** A saved view as `/api/saved-views` returns it. */
export interface SavedView {
  id: number;
  list: string;
  name: string;
  query: Record<string, string>;
}

/** The URL query of a list without its page: what a view keeps, in a stable order for comparing. */
function viewQuery(params: Params): Record<string, string> {
  const kept = Object.entries(params)
    .filter(([key, value]) => key !== 'page' && value !== null && value !== undefined && value !== '')
    .map(([key, value]) => [key, String(value)] as const)
    .sort(([a], [b]) => a.localeCompare(b));
  return Object.fromEntries(kept);
}

const same = (a: Record<string, string>, b: Record<string, string>) =>
  JSON.stringify(viewQuery(a)) === JSON.stringify(viewQuery(b));

/**
 * "Saved views" for a list kept in the URL: save the current filters and sort under a name (per user, on the
 * server), pick one to navigate to its filters, delete it. The view in force is the one matching the URL.
 */
@Component({
  selector: 'mw-saved-views',
  imports: [ReactiveFormsModule, MatSelectModule, MatFormFieldModule, MatInputModule, MatButtonModule],
  template: `
    <div class="saved-views">
      <mat-form-field appearance="outline" subscriptSizing="dynamic" floatLabel="always">
        <mat-label>Saved views</mat-label>
        <mat-select
          data-testid="saved-view-select"
          [value]="current()?.id ?? null"
          (selectionChange)="pick($event.value)"
        >
          <mat-option [value]="null" data-testid="saved-view-option">All (no filters)</mat-option>
          @for (view of views(); track view.id) {
            <mat-option [value]="view.id" data-testid="saved-view-option">{{ view.name }}</mat-option>
          }
        </mat-select>
      </mat-form-field>
      @if (current(); as view) {
        <button mat-button type="button" data-testid="saved-view-delete" (click)="remove(view)">
          Delete “{{ view.name }}”
        </button>
      }
      @if (naming()) {
        <mat-form-field appearance="outline" subscriptSizing="dynamic">
          <mat-label>Name of this view</mat-label>
          <input matInput data-testid="saved-view-name" [formControl]="name" (keydown.enter)="save()" />
        </mat-form-field>
        <button
          mat-flat-button
          type="button"
          data-testid="saved-view-confirm"
          [disabled]="name.invalid"
          (click)="save()"
        >
          Save
        </button>
        <button mat-button type="button" (click)="naming.set(false)">Cancel</button>
      } @else {
        <button mat-stroked-button type="button" data-testid="saved-view-save" (click)="naming.set(true)">
          Save view
        </button>
      }
    </div>
  `,
  styles: `
    .saved-views {
      display: flex;
      flex-wrap: wrap;
      gap: 8px;
      align-items: center;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SavedViews implements OnInit {
  private readonly http = inject(HttpClient);
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);

  /** The list the views belong to (`tasks`). */
  readonly list = input.required<string>();
  protected readonly views = signal<SavedView[]>([]);
  protected readonly naming = signal(false);
  protected readonly name = new FormControl('', {
    nonNullable: true,
    validators: [Validators.required, Validators.maxLength(80)],
  });
  private readonly params = toSignal(this.route.queryParams, { requireSync: true });
  /** The saved view whose filters the URL shows, if any. */
  protected readonly current = computed(() => this.views().find((view) => same(view.query, this.params())) ?? null);

  ngOnInit(): void {
    this.load();
  }

  protected pick(id: number | null): void {
    const view = this.views().find((candidate) => candidate.id === id);
    void this.router.navigate([], { relativeTo: this.route, queryParams: view ? view.query : {} });
  }

  protected save(): void {
    const name = this.name.value.trim();
    if (!name) return;
    const body = { list: this.list(), name, query: viewQuery(this.params()) };
    this.http.post<SavedView>('/api/saved-views', body).subscribe(() => {
      this.naming.set(false);
      this.name.reset();
      this.load();
    });
  }

  protected remove(view: SavedView): void {
    this.http.delete(`/api/saved-views/${view.id}`).subscribe(() => this.load());
  }

  private load(): void {
    this.http
      .get<SavedView[]>('/api/saved-views', { params: { list: this.list() } })
      .subscribe((views) => this.views.set(views));
  }
}
