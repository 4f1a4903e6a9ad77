import { CurrencyPipe, DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { toObservable, toSignal } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatPaginatorModule, PageEvent } from '@angular/material/paginator';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatTableModule } from '@angular/material/table';
import { RouterLink } from '@angular/router';
import { catchError, EMPTY, finalize, switchMap } from 'rxjs';
import { AuthService } from '../../core/auth/auth.service';
import { StatusChip } from '../../shared/status-chip';
import { PurchasingService } from './purchasing.service';

@Component({
  selector: 'mw-purchase-order-list-page',
  imports: [
    CurrencyPipe,
    DatePipe,
    RouterLink,
    MatTableModule,
    MatPaginatorModule,
    MatButtonModule,
    MatProgressBarModule,
    StatusChip,
  ],
  template: `
    <section class="page">
      <header class="page-header">
        <h1>Purchase orders</h1>
        <span class="spacer"></span>
        @if (canCreate()) {
          <a mat-flat-button routerLink="/purchase-orders/new" data-testid="po-new">New purchase order</a>
        }
      </header>
      @if (loading()) {
        <mat-progress-bar mode="indeterminate" />
      }
      <table mat-table [dataSource]="rows()" class="full-width-table" data-testid="po-table">
        <ng-container matColumnDef="orderNumber">
          <th mat-header-cell *matHeaderCellDef>Order</th>
          <td mat-cell *matCellDef="let o" data-testid="po-number">{{ o.orderNumber }}</td>
        </ng-container>
        <ng-container matColumnDef="supplier">
          <th mat-header-cell *matHeaderCellDef>Supplier</th>
          <td mat-cell *matCellDef="let o">
            {{ o.supplierName }} <span class="muted">({{ o.supplierCode }})</span>
          </td>
        </ng-container>
        <ng-container matColumnDef="warehouse">
          <th mat-header-cell *matHeaderCellDef>Warehouse</th>
          <td mat-cell *matCellDef="let o">{{ o.warehouseCode }}</td>
        </ng-container>
        <ng-container matColumnDef="status">
          <th mat-header-cell *matHeaderCellDef>Status</th>
          <td mat-cell *matCellDef="let o"><mw-status-chip data-testid="po-status" [status]="o.status" /></td>
        </ng-container>
        <ng-container matColumnDef="lineCount">
          <th mat-header-cell *matHeaderCellDef>Lines</th>
          <td mat-cell *matCellDef="let o">{{ o.lineCount }}</td>
        </ng-container>
        <ng-container matColumnDef="totalValue">
          <th mat-header-cell *matHeaderCellDef class="num">Value</th>
          <td mat-cell *matCellDef="let o" class="num">{{ o.totalValue | currency: 'EUR' }}</td>
        </ng-container>
        <ng-container matColumnDef="createdAt">
          <th mat-header-cell *matHeaderCellDef>Created</th>
          <td mat-cell *matCellDef="let o">
            {{ o.createdAt | date: 'short' }} <span class="muted">{{ o.createdBy }}</span>
          </td>
        </ng-container>
        <ng-container matColumnDef="process">
          <th mat-header-cell *matHeaderCellDef>Process</th>
          <td mat-cell *matCellDef="let o">
            <a [routerLink]="['/processes', o.workflowId]" data-testid="po-process-link">View</a>
          </td>
        </ng-container>
        <tr mat-header-row *matHeaderRowDef="columns"></tr>
        <tr
          mat-row
          *matRowDef="let o; columns: columns"
          data-testid="po-row"
          [attr.data-order-number]="o.orderNumber"
        ></tr>
        <tr class="mat-row" *matNoDataRow>
          <td class="mat-cell muted empty" [attr.colspan]="columns.length">
            {{ result() === null ? 'Loading…' : 'No purchase orders yet.' }}
          </td>
        </tr>
      </table>
      <mat-paginator
        data-testid="po-paginator"
        [length]="result()?.total ?? 0"
        [pageIndex]="pageIndex()"
        [pageSize]="pageSize()"
        [pageSizeOptions]="[10, 20, 50]"
        (page)="onPage($event)"
      />
    </section>
  `,
  styles: `
    .num {
      text-align: right;
    }
    .empty {
      padding: 16px;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class PurchaseOrderListPage {
  private readonly api = inject(PurchasingService);
  private readonly auth = inject(AuthService);

  /** Placing purchase orders is a clerk (or admin) job; everyone else only reads them. */
  protected readonly canCreate = computed(() => this.auth.hasAnyRole('clerk', 'admin'));
  protected readonly columns = [
    'orderNumber',
    'supplier',
    'warehouse',
    'status',
    'lineCount',
    'totalValue',
    'createdAt',
    'process',
  ];
  protected readonly pageIndex = signal(0);
  protected readonly pageSize = signal(20);
  protected readonly loading = signal(false);

  private readonly query = computed(() => ({ page: this.pageIndex() + 1, pageSize: this.pageSize() }));
  protected readonly result = toSignal(
    toObservable(this.query).pipe(
      switchMap(({ page, pageSize }) => {
        this.loading.set(true);
        return this.api.list(page, pageSize).pipe(
          catchError(() => EMPTY),
          finalize(() => this.loading.set(false)),
        );
      }),
    ),
    { initialValue: null },
  );
  protected readonly rows = computed(() => this.result()?.items ?? []);

  protected onPage(event: PageEvent): void {
    this.pageSize.set(event.pageSize);
    this.pageIndex.set(event.pageIndex);
  }
}
