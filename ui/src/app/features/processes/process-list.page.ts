import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { toObservable, toSignal } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatPaginatorModule, PageEvent } from '@angular/material/paginator';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSelectModule } from '@angular/material/select';
import { MatTableModule } from '@angular/material/table';
import { RouterLink } from '@angular/router';
import { catchError, debounceTime, EMPTY, finalize, switchMap } from 'rxjs';
import { PROCESS_STATUSES, PROCESS_TYPES, ProcessQuery } from '../../shared/api.types';
import { HumanizePipe } from '../../shared/humanize.pipe';
import { StatusChip } from '../../shared/status-chip';
import { ProcessService } from './process.service';

@Component({
  selector: 'mw-process-list-page',
  imports: [
    DatePipe,
    RouterLink,
    MatTableModule,
    MatPaginatorModule,
    MatFormFieldModule,
    MatSelectModule,
    MatInputModule,
    MatButtonModule,
    MatProgressBarModule,
    HumanizePipe,
    StatusChip,
  ],
  templateUrl: './process-list.page.html',
  styleUrl: './process-list.page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ProcessListPage {
  private readonly api = inject(ProcessService);

  protected readonly processTypes = PROCESS_TYPES;
  protected readonly statuses = PROCESS_STATUSES;
  protected readonly columns = ['processType', 'businessKey', 'status', 'currentStep', 'startedAt', 'updatedAt'];

  protected readonly processType = signal('');
  protected readonly status = signal('');
  protected readonly businessKey = signal('');
  protected readonly pageIndex = signal(0);
  protected readonly pageSize = signal(20);
  private readonly reloads = signal(0);
  protected readonly loading = signal(false);

  private readonly query = computed<ProcessQuery & { reload: number }>(() => ({
    processType: this.processType(),
    status: this.status(),
    businessKey: this.businessKey().trim(),
    page: this.pageIndex() + 1,
    pageSize: this.pageSize(),
    reload: this.reloads(),
  }));

  protected readonly result = toSignal(
    toObservable(this.query).pipe(
      // Coalesces keystrokes in the business-key filter into one request.
      debounceTime(200),
      switchMap(({ reload: _reload, ...query }) => {
        this.loading.set(true);
        // On failure keep showing the previous page; the interceptor already told the user.
        return this.api.list(query).pipe(
          catchError(() => EMPTY),
          finalize(() => this.loading.set(false)),
        );
      }),
    ),
    { initialValue: null },
  );
  protected readonly rows = computed(() => this.result()?.items ?? []);

  // Any filter change starts again at page 1, otherwise the user may land on an empty page.
  protected setFilter(which: 'processType' | 'status' | 'businessKey', value: string): void {
    this[which].set(value);
    this.pageIndex.set(0);
  }

  protected onPage(event: PageEvent): void {
    this.pageSize.set(event.pageSize);
    this.pageIndex.set(event.pageIndex);
  }

  protected reload(): void {
    this.reloads.update((n) => n + 1);
  }
}
