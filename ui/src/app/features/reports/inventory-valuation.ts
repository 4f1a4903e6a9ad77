import { DecimalPipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { toObservable, toSignal } from '@angular/core/rxjs-interop';
import { MatPaginatorModule, PageEvent } from '@angular/material/paginator';
import { MatTableModule } from '@angular/material/table';
import { catchError, EMPTY, switchMap } from 'rxjs';
import { CurrencyService } from '../../shared/currency.service';
import { MethodLabelPipe } from './method-label.pipe';
import { ReportService } from './report.service';

/** The valuation sub-ledger per item, reconciled against the Inventory account. */
@Component({
  selector: 'mw-inventory-valuation',
  imports: [DecimalPipe, MatTableModule, MatPaginatorModule, MethodLabelPipe],
  template: `
    @if (result(); as report) {
      <div class="summary" data-testid="valuation-summary">
        <span
          ><span class="label">Sub-ledger value ({{ currency() }})</span
          ><strong data-testid="valuation-total">{{ report.totals.value | number: '1.2-2' }}</strong></span
        >
        <span
          ><span class="label">Account {{ report.totals.inventoryAccount }} balance</span
          ><strong data-testid="valuation-account">{{
            report.totals.inventoryAccountBalance | number: '1.2-2'
          }}</strong></span
        >
        @if (report.totals.reconciled) {
          <span class="indicator ok" data-testid="valuation-status">Reconciled</span>
        } @else {
          <span class="indicator bad" data-testid="valuation-status"
            >Difference {{ report.totals.difference | number: '1.2-2' }}</span
          >
        }
      </div>
    }
    <div class="table-scroll">
      <table mat-table [dataSource]="rows()" class="full-width-table" data-testid="valuation-table">
        <ng-container matColumnDef="item">
          <th mat-header-cell *matHeaderCellDef>Item</th>
          <td mat-cell *matCellDef="let r">
            {{ r.itemSku }}
            <div class="muted">{{ r.itemName }}</div>
          </td>
        </ng-container>
        <ng-container matColumnDef="method">
          <th mat-header-cell *matHeaderCellDef>Method</th>
          <td mat-cell *matCellDef="let r">
            {{ r.method | methodLabel }}
            @if (r.valuedPerWarehouse) {
              <div class="muted">per warehouse ({{ r.scopes }})</div>
            }
          </td>
        </ng-container>
        <ng-container matColumnDef="quantity">
          <th mat-header-cell *matHeaderCellDef class="num">Quantity</th>
          <td mat-cell *matCellDef="let r" class="num">{{ r.quantity | number: '1.0-3' }} {{ r.uom }}</td>
        </ng-container>
        <ng-container matColumnDef="unitValue">
          <th mat-header-cell *matHeaderCellDef class="num">Unit value ({{ currency() }}, item average)</th>
          <td mat-cell *matCellDef="let r" class="num">{{ r.unitValue | number: '1.2-4' }}</td>
        </ng-container>
        <ng-container matColumnDef="value">
          <th mat-header-cell *matHeaderCellDef class="num">Value ({{ currency() }})</th>
          <td mat-cell *matCellDef="let r" class="num">{{ r.value | number: '1.2-2' }}</td>
        </ng-container>
        <tr mat-header-row *matHeaderRowDef="columns"></tr>
        <tr mat-row *matRowDef="let r; columns: columns" data-testid="valuation-row"></tr>
        <tr class="mat-row" *matNoDataRow>
          <td class="mat-cell muted empty" [attr.colspan]="columns.length">
            {{ result() === null ? 'Loading…' : 'Nothing has been valued yet.' }}
          </td>
        </tr>
      </table>
    </div>
    <mat-paginator
      data-testid="valuation-paginator"
      [length]="result()?.total ?? 0"
      [pageIndex]="pageIndex()"
      [pageSize]="pageSize()"
      [pageSizeOptions]="[10, 20, 50, 100]"
      (page)="onPage($event)"
    />
  `,
  styleUrl: './report-table.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class InventoryValuation {
  private readonly api = inject(ReportService);
  protected readonly currency = inject(CurrencyService).code;

  protected readonly columns = ['item', 'method', 'quantity', 'unitValue', 'value'];
  protected readonly pageIndex = signal(0);
  protected readonly pageSize = signal(20);
  private readonly query = computed(() => ({ page: this.pageIndex() + 1, pageSize: this.pageSize() }));
  protected readonly result = toSignal(
    toObservable(this.query).pipe(
      switchMap(({ page, pageSize }) => this.api.inventoryValuation(page, pageSize).pipe(catchError(() => EMPTY))),
    ),
    { initialValue: null },
  );
  protected readonly rows = computed(() => this.result()?.items ?? []);

  protected onPage(event: PageEvent): void {
    this.pageSize.set(event.pageSize);
    this.pageIndex.set(event.pageIndex);
  }
}
