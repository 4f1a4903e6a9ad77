import { DecimalPipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { toObservable, toSignal } from '@angular/core/rxjs-interop';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatPaginatorModule, PageEvent } from '@angular/material/paginator';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSelectModule } from '@angular/material/select';
import { MatTableModule } from '@angular/material/table';
import { RouterLink } from '@angular/router';
import { catchError, EMPTY, finalize, of, switchMap } from 'rxjs';
import { CurrencyService } from '../../shared/currency.service';
import { StatusChip } from '../../shared/status-chip';
import { ItemPicker } from './item-picker';
import { ReportService } from './report.service';

@Component({
  selector: 'mw-stock-on-hand',
  imports: [
    DecimalPipe,
    RouterLink,
    MatTableModule,
    MatPaginatorModule,
    MatProgressBarModule,
    MatFormFieldModule,
    MatSelectModule,
    StatusChip,
    ItemPicker,
  ],
  templateUrl: './stock-on-hand.html',
  styleUrl: './report-table.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class StockOnHand {
  private readonly api = inject(ReportService);
  protected readonly currency = inject(CurrencyService).code;

  protected readonly columns = [
    'item',
    'warehouse',
    'location',
    'lot',
    'status',
    'quantity',
    'reserved',
    'free',
    'unitValue',
    'value',
  ];
  protected readonly warehouses = toSignal(this.api.warehouses().pipe(catchError(() => of([]))), {
    initialValue: [],
  });
  protected readonly itemSku = signal('');
  protected readonly warehouseCode = signal('');
  protected readonly pageIndex = signal(0);
  protected readonly pageSize = signal(20);
  protected readonly loading = signal(false);

  private readonly query = computed(() => ({
    itemSku: this.itemSku(),
    warehouseCode: this.warehouseCode(),
    page: this.pageIndex() + 1,
    pageSize: this.pageSize(),
  }));
  protected readonly result = toSignal(
    toObservable(this.query).pipe(
      switchMap((query) => {
        this.loading.set(true);
        return this.api.stockOnHand(query).pipe(
          catchError(() => EMPTY),
          finalize(() => this.loading.set(false)),
        );
      }),
    ),
    { initialValue: null },
  );
  protected readonly rows = computed(() => this.result()?.items ?? []);

  protected setItem(sku: string): void {
    this.itemSku.set(sku);
    this.pageIndex.set(0);
  }

  protected setWarehouse(code: string): void {
    this.warehouseCode.set(code);
    this.pageIndex.set(0);
  }

  protected onPage(event: PageEvent): void {
    this.pageSize.set(event.pageSize);
    this.pageIndex.set(event.pageIndex);
  }
}
