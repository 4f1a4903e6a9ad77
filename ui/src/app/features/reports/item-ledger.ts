import { DatePipe, DecimalPipe } from '@angular/common';
import { MoneyPipe } from '../../shared/money.pipe';
import { ChangeDetectionStrategy, Component, computed, inject, input, linkedSignal, signal } from '@angular/core';
import { toObservable, toSignal } from '@angular/core/rxjs-interop';
import { MatPaginatorModule, PageEvent } from '@angular/material/paginator';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatTableModule } from '@angular/material/table';
import { Router } from '@angular/router';
import { catchError, finalize, of, switchMap } from 'rxjs';
import { ItemLedgerReport } from '../../shared/api.types';
import { HumanizePipe } from '../../shared/humanize.pipe';
import { MethodLabelPipe } from './method-label.pipe';
import { ItemPicker } from './item-picker';
import { ReportService } from './report.service';

@Component({
  selector: 'mw-item-ledger',
  imports: [
    MoneyPipe,
    DatePipe,
    DecimalPipe,
    MatTableModule,
    MatPaginatorModule,
    MatProgressBarModule,
    HumanizePipe,
    MethodLabelPipe,
    ItemPicker,
  ],
  templateUrl: './item-ledger.html',
  styleUrl: './report-table.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ItemLedger {
  private readonly api = inject(ReportService);
  private readonly router = inject(Router);

  /** The item shown; lives in the URL (`?tab=ledger&sku=...`) so a ledger can be linked to. */
  readonly sku = input('');

  protected readonly columns = [
    'effectiveAt',
    'moveType',
    'document',
    'from',
    'to',
    'lot',
    'quantityIn',
    'quantityOut',
    'runningQuantity',
    'valueIn',
    'valueOut',
    'runningValue',
  ];
  // A different item starts again at its first page.
  protected readonly pageIndex = linkedSignal({ source: this.sku, computation: () => 0 });
  protected readonly pageSize = signal(50);
  protected readonly loading = signal(false);

  private readonly query = computed(() => ({ sku: this.sku(), page: this.pageIndex() + 1, pageSize: this.pageSize() }));
  protected readonly result = toSignal(
    toObservable(this.query).pipe(
      switchMap(({ sku, page, pageSize }) => {
        if (!sku) return of(null);
        this.loading.set(true);
        return this.api.itemLedger(sku, page, pageSize).pipe(
          catchError(() => of<ItemLedgerReport | null>(null)),
          finalize(() => this.loading.set(false)),
        );
      }),
    ),
    { initialValue: null },
  );
  protected readonly rows = computed(() => this.result()?.items ?? []);

  protected pick(sku: string): void {
    void this.router.navigate([], { queryParams: { tab: 'ledger', sku: sku || null }, queryParamsHandling: 'merge' });
  }

  protected onPage(event: PageEvent): void {
    this.pageSize.set(event.pageSize);
    this.pageIndex.set(event.pageIndex);
  }
}
