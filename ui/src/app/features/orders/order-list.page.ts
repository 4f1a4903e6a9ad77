import { DatePipe } from '@angular/common';
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
import { OrderService } from './order.service';

@Component({
  selector: 'mw-order-list-page',
  imports: [
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
        <h1>Sales orders</h1>
        <span class="spacer"></span>
        @if (auth.canCreateOrders()) {
          <a mat-flat-button routerLink="/orders/new" data-testid="order-new">New order</a>
        }
      </header>
      @if (loading()) {
        <mat-progress-bar mode="indeterminate" />
      }
      <table mat-table [dataSource]="rows()" class="full-width-table" data-testid="order-table">
        <ng-container matColumnDef="orderNumber">
          <th mat-header-cell *matHeaderCellDef>Order</th>
          <td mat-cell *matCellDef="let o">{{ o.orderNumber }}</td>
        </ng-container>
        <ng-container matColumnDef="customer">
          <th mat-header-cell *matHeaderCellDef>Customer</th>
          <td mat-cell *matCellDef="let o">
            {{ o.customerName }} <span class="muted">({{ o.customerCode }})</span>
          </td>
        </ng-container>
        <ng-container matColumnDef="status">
          <th mat-header-cell *matHeaderCellDef>Status</th>
          <td mat-cell *matCellDef="let o"><mw-status-chip [status]="o.status" /></td>
        </ng-container>
        <ng-container matColumnDef="requestedDate">
          <th mat-header-cell *matHeaderCellDef>Requested</th>
          <td mat-cell *matCellDef="let o">{{ o.requestedDate ? (o.requestedDate | date: 'mediumDate') : '—' }}</td>
        </ng-container>
        <ng-container matColumnDef="lineCount">
          <th mat-header-cell *matHeaderCellDef>Lines</th>
          <td mat-cell *matCellDef="let o">{{ o.lineCount }}</td>
        </ng-container>
        <ng-container matColumnDef="createdAt">
          <th mat-header-cell *matHeaderCellDef>Created</th>
          <td mat-cell *matCellDef="let o">{{ o.createdAt | date: 'short' }}</td>
        </ng-container>
        <ng-container matColumnDef="process">
          <th mat-header-cell *matHeaderCellDef>Process</th>
          <td mat-cell *matCellDef="let o">
            @if (o.workflowId) {
              <a [routerLink]="['/processes', o.workflowId]" data-testid="order-process-link">View</a>
            } @else {
              —
            }
          </td>
        </ng-container>
        <tr mat-header-row *matHeaderRowDef="columns"></tr>
        <tr
          mat-row
          *matRowDef="let o; columns: columns"
          data-testid="order-row"
          [attr.data-order-number]="o.orderNumber"
        ></tr>
        <tr class="mat-row" *matNoDataRow>
          <td class="mat-cell muted" style="padding: 16px" [attr.colspan]="columns.length">
            {{ result() === null ? 'Loading…' : 'No orders yet.' }}
          </td>
        </tr>
      </table>
      <mat-paginator
        data-testid="order-paginator"
        [length]="result()?.total ?? 0"
        [pageIndex]="pageIndex()"
        [pageSize]="pageSize()"
        [pageSizeOptions]="[10, 20, 50]"
        (page)="onPage($event)"
      />
    </section>
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class OrderListPage {
  private readonly api = inject(OrderService);
  protected readonly auth = inject(AuthService);

  protected readonly columns = [
    'orderNumber',
    'customer',
    'status',
    'requestedDate',
    'lineCount',
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
