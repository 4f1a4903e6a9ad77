import { DatePipe, JsonPipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject, input, output, signal } from '@angular/core';
import { toObservable, toSignal } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatPaginatorModule, PageEvent } from '@angular/material/paginator';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { RouterLink } from '@angular/router';
import { catchError, finalize, of, switchMap } from 'rxjs';
import { Paged, RuleDecisionRecord } from '../../shared/api.types';
import { PolicySummaryPipe } from './policy-summary.pipe';
import { isRecord } from './rule-content';
import { RuleService } from './rule.service';

/** The decisions this version made in running processes, newest first, each with the facts it saw. */
@Component({
  selector: 'mw-decisions-panel',
  imports: [
    DatePipe,
    JsonPipe,
    RouterLink,
    MatButtonModule,
    MatPaginatorModule,
    MatProgressBarModule,
    PolicySummaryPipe,
  ],
  template: `
    <div class="panel">
      @if (loading()) {
        <mat-progress-bar mode="indeterminate" />
      }
      <table class="versions" data-testid="decision-table">
        <thead>
          <tr>
            <th>Decision</th>
            <th>When</th>
            <th>Process</th>
            <th>Rule</th>
            <th>Policy</th>
            <th></th>
          </tr>
        </thead>
        <tbody>
          @for (d of rows(); track d.id) {
            <tr data-testid="decision-row" [attr.data-decision-id]="d.id">
              <td>#{{ d.id }}</td>
              <td>{{ d.createdAt | date: 'medium' }}</td>
              <td>
                @if (d.workflowId) {
                  <a [routerLink]="['/processes', d.workflowId]">{{ d.businessKey ?? d.workflowId }}</a>
                } @else {
                  {{ d.businessKey ?? '—' }}
                }
                @if (field(d, 'lineNo') !== undefined) {
                  <span class="muted">&nbsp;line {{ field(d, 'lineNo') }}</span>
                }
              </td>
              <td>{{ field(d, 'rule') ?? 'default policy' }}</td>
              <td class="small">{{ field(d, 'policy') | policySummary }}</td>
              <td>
                <button mat-button type="button" data-testid="decision-use-facts" (click)="useFacts.emit(d.facts)">
                  Dry-run these facts
                </button>
                <details>
                  <summary>Facts</summary>
                  <pre class="inline-json">{{ d.facts | json }}</pre>
                </details>
              </td>
            </tr>
          } @empty {
            <tr>
              <td colspan="6" class="muted">
                {{ page() === null ? 'Loading…' : 'This version has made no decisions.' }}
              </td>
            </tr>
          }
        </tbody>
      </table>
      <mat-paginator
        [length]="page()?.total ?? 0"
        [pageIndex]="pageIndex()"
        [pageSize]="pageSize()"
        [pageSizeOptions]="[10, 20, 50]"
        (page)="onPage($event)"
      />
    </div>
  `,
  styleUrl: './rules.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class DecisionsPanel {
  private readonly api = inject(RuleService);

  readonly code = input.required<string>();
  readonly version = input.required<number>();
  /** A decision's facts, to replay in the dry run. */
  readonly useFacts = output<unknown>();

  protected readonly pageIndex = signal(0);
  protected readonly pageSize = signal(20);
  protected readonly loading = signal(false);
  private readonly query = computed(() => ({
    code: this.code(),
    version: this.version(),
    page: this.pageIndex() + 1,
    pageSize: this.pageSize(),
  }));
  protected readonly page = toSignal(
    toObservable(this.query).pipe(
      switchMap((q) => {
        this.loading.set(true);
        return this.api.decisions(q.code, q.version, q.page, q.pageSize).pipe(
          catchError(() => of<Paged<RuleDecisionRecord> | null>(null)),
          finalize(() => this.loading.set(false)),
        );
      }),
    ),
    { initialValue: null },
  );
  protected readonly rows = computed(() => this.page()?.items ?? []);

  /** A key of the stored result (allocation: lineNo, rule, policy ...). */
  protected field(decision: RuleDecisionRecord, key: string): unknown {
    return isRecord(decision.result) ? decision.result[key] : undefined;
  }

  protected onPage(event: PageEvent): void {
    this.pageSize.set(event.pageSize);
    this.pageIndex.set(event.pageIndex);
  }
}
