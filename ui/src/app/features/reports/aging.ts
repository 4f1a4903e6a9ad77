import { DatePipe, DecimalPipe } from '@angular/common';
import { MoneyPipe } from '../../shared/money.pipe';
import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { toObservable, toSignal } from '@angular/core/rxjs-interop';
import { MatButtonToggleModule } from '@angular/material/button-toggle';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatPaginatorModule, PageEvent } from '@angular/material/paginator';
import { MatTableModule } from '@angular/material/table';
import { catchError, debounceTime, EMPTY, switchMap } from 'rxjs';
import { AGING_BUCKETS, AgingBucket } from '../../shared/api.types';
import { ReportService } from './report.service';

/** Stock aging by lot (buckets since receipt) and slow-moving items (no outgoing move in N days). */
@Component({
  selector: 'mw-aging',
  imports: [
    MoneyPipe,
    DatePipe,
    DecimalPipe,
    MatTableModule,
    MatPaginatorModule,
    MatButtonToggleModule,
    MatFormFieldModule,
    MatInputModule,
  ],
  templateUrl: './aging.html',
  styleUrl: './report-table.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class Aging {
  private readonly api = inject(ReportService);

  protected readonly bucketNames = AGING_BUCKETS;
  protected readonly agingColumns = ['item', 'lot', 'receivedAt', 'ageDays', 'bucket', 'quantity', 'value'];
  protected readonly slowColumns = ['item', 'lastOutgoingAt', 'daysSince', 'quantity', 'value'];

  protected readonly bucket = signal<AgingBucket | ''>('');
  protected readonly agingPage = signal(0);
  protected readonly agingPageSize = signal(20);
  private readonly agingQuery = computed(() => ({
    bucket: this.bucket(),
    page: this.agingPage() + 1,
    pageSize: this.agingPageSize(),
  }));
  protected readonly aging = toSignal(
    toObservable(this.agingQuery).pipe(
      switchMap(({ bucket, page, pageSize }) =>
        this.api.stockAging(bucket, page, pageSize).pipe(catchError(() => EMPTY)),
      ),
    ),
    { initialValue: null },
  );

  protected readonly days = signal(90);
  protected readonly slowPage = signal(0);
  protected readonly slowPageSize = signal(20);
  private readonly slowQuery = computed(() => ({
    days: this.days(),
    page: this.slowPage() + 1,
    pageSize: this.slowPageSize(),
  }));
  protected readonly slow = toSignal(
    toObservable(this.slowQuery).pipe(
      debounceTime(250),
      switchMap(({ days, page, pageSize }) => this.api.slowMoving(days, page, pageSize).pipe(catchError(() => EMPTY))),
    ),
    { initialValue: null },
  );

  protected setBucket(bucket: AgingBucket | ''): void {
    this.bucket.set(bucket);
    this.agingPage.set(0);
  }

  protected setDays(value: string): void {
    const days = Math.trunc(Number(value));
    if (!Number.isFinite(days) || days < 1 || days > 3650) return;
    this.days.set(days);
    this.slowPage.set(0);
  }

  protected onAgingPage(event: PageEvent): void {
    this.agingPageSize.set(event.pageSize);
    this.agingPage.set(event.pageIndex);
  }

  protected onSlowPage(event: PageEvent): void {
    this.slowPageSize.set(event.pageSize);
    this.slowPage.set(event.pageIndex);
  }
}
