import { DecimalPipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatTabsModule } from '@angular/material/tabs';
import { Router } from '@angular/router';
import { of } from 'rxjs';
import { errorMessage } from '../../shared/api-error';
import { ItemPicker } from '../reports/item-picker';
import { BomTreeView } from './bom-tree';
import { BomVersionForm } from './bom-version-form';
import { BomVersionsList } from './bom-versions';
import { ManufacturingService } from './manufacturing.service';

const today = () => new Date().toISOString().slice(0, 10);

/**
 * An item's bill of materials: the tree effective on a date for a quantity (required quantities include scrap,
 * phantoms marked), where the item is used, its versions and a form for the next version. The item, date and
 * quantity live in the URL (?sku=&date=&quantity=), so a reload or a shared link shows the same tree.
 */
@Component({
  selector: 'mw-bom-page',
  imports: [
    DecimalPipe,
    MatFormFieldModule,
    MatInputModule,
    MatTabsModule,
    ItemPicker,
    BomTreeView,
    BomVersionForm,
    BomVersionsList,
  ],
  templateUrl: './bom.page.html',
  styleUrl: './manufacturing-forms.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class BomPage {
  private readonly api = inject(ManufacturingService);
  private readonly router = inject(Router);

  /** Query parameters (bound by the router). */
  readonly sku = input<string>('');
  readonly date = input<string>('');
  readonly quantity = input<string>('');

  protected readonly onDate = computed(() => this.date() || today());
  protected readonly forQuantity = computed(() => {
    const value = Number(this.quantity());
    return Number.isFinite(value) && value > 0 ? value : 1;
  });

  protected readonly tree = rxResource({
    params: () => ({ sku: this.sku(), date: this.onDate(), quantity: this.forQuantity() }),
    stream: ({ params }) => (params.sku ? this.api.bomTree(params.sku, params.date, params.quantity) : of(null)),
  });
  protected readonly whereUsed = rxResource({
    params: () => ({ sku: this.sku(), date: this.onDate() }),
    stream: ({ params }) => (params.sku ? this.api.whereUsed(params.sku, params.date) : of([])),
  });
  protected readonly versions = rxResource({
    params: () => this.sku(),
    stream: ({ params }) => (params ? this.api.bomVersions(params) : of([])),
  });

  /** A resource in error throws on value(): read the rows only when there are some. */
  protected readonly whereUsedRows = computed(() => (this.whereUsed.hasValue() ? this.whereUsed.value() : []));
  protected readonly versionRows = computed(() => (this.versions.hasValue() ? this.versions.value() : []));

  protected readonly treeError = computed(() => (this.tree.error() ? errorMessage(this.tree.error()) : null));
  protected readonly whereUsedError = computed(() =>
    this.whereUsed.error() ? errorMessage(this.whereUsed.error()) : null,
  );

  protected setQuery(change: { sku?: string; date?: string; quantity?: string }): void {
    void this.router.navigate([], { queryParams: change, queryParamsHandling: 'merge', replaceUrl: true });
  }

  /** A new version changes what the tree, the versions and the where-used of its components show. */
  protected reload(): void {
    this.tree.reload();
    this.whereUsed.reload();
    this.versions.reload();
  }
}
