import { HttpClient } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, computed, inject, signal, viewChild } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { Router, RouterLink } from '@angular/router';
import { catchError, finalize, map, of } from 'rxjs';
import { silentErrors } from '../../core/http/http-context';
import { errorMessage } from '../../shared/api-error';
import { CsvDownload } from '../../shared/list/csv-download';
import { DataList } from '../../shared/list/data-list';
import { ListCell } from '../../shared/list/list-cell';
import { apiQuery } from '../../shared/list/list-state';
import { ListColumn, ListFilter } from '../../shared/list/list.types';
import { AuditTrailRow, ChainVerification } from './audit.types';

/** Every column but the hash sorts on the server (api/audit/audit-trail.ts). */
const COLUMNS: ListColumn<AuditTrailRow>[] = [
  { key: 'at', label: 'When (UTC)', essential: true, value: (r) => r.at.replace('T', ' ').replace(/\.\d+Z$/, '') },
  { key: 'actor', label: 'User', essential: true },
  { key: 'action', label: 'Action', essential: true },
  { key: 'entityType', label: 'Entity' },
  { key: 'entityId', label: 'Document' },
  { key: 'workflowId', label: 'Process' },
  { key: 'seq', label: 'Chain position', numeric: true, value: (r) => r.seq ?? 'not sealed yet' },
  {
    key: 'chainHash',
    label: 'Chain hash',
    sortable: false,
    value: (r) => (r.chainHash ? r.chainHash.slice(0, 12) : ''),
  },
];

const FILTERS: ListFilter[] = [
  { key: 'actor', label: 'User' },
  { key: 'action', label: 'Action' },
  { key: 'entityType', label: 'Entity type' },
  { key: 'entityId', label: 'Document' },
  { key: 'workflowId', label: 'Process' },
  { key: 'from', label: 'From', type: 'date' },
  { key: 'to', label: 'To', type: 'date' },
];

type Verification =
  { state: 'checking' } | { state: 'done'; result: ChainVerification } | { state: 'failed'; error: string };

/**
 * The auditor's trail: every audited action on the shared list (filters, sort and page in the URL, CSV export), a
 * JSON export of the same rows with their chain hashes, and the chain's verification status on top. A row's process
 * opens its instance page. Read-only: nothing here changes anything.
 */
@Component({
  selector: 'mw-audit-trail-page',
  imports: [DataList, ListCell, RouterLink, MatButtonModule],
  template: `
    <section class="page">
      <header class="page-header">
        <h1>Audit trail</h1>
      </header>
      @switch (verification().state) {
        @case ('checking') {
          <p class="chain checking" data-testid="audit-chain-status" data-state="checking">
            Verifying the audit chain…
          </p>
        }
        @case ('failed') {
          <p class="chain broken" role="alert" data-testid="audit-chain-status" data-state="failed">
            The chain could not be verified: {{ failedMessage() }}
          </p>
        }
        @case ('done') {
          @if (result(); as r) {
            <p
              class="chain"
              [class.intact]="r.ok"
              [class.broken]="!r.ok"
              [attr.role]="r.ok ? null : 'alert'"
              data-testid="audit-chain-status"
              [attr.data-state]="r.ok ? 'intact' : 'broken'"
              [attr.data-verified]="r.verified"
            >
              @if (r.ok) {
                {{ r.verified }} rows verified, chain intact.
              } @else if (r.firstBreak; as broken) {
                Chain broken at position {{ broken.seq
                }}{{ broken.auditId === null ? '' : ' (audit row ' + broken.auditId + ')' }}: {{ broken.detail }} —
                {{ r.verified }} rows verified before it.
              }
              @if (r.unsealed.count > 0) {
                <span class="muted">{{ r.unsealed.count }} newer rows are not sealed yet.</span>
              }
            </p>
          }
        }
      }
      <mw-data-list
        resource="audit/trail"
        [columns]="columns"
        [filters]="filters"
        rowKey="id"
        defaultSort="-at"
        [showActive]="false"
        noun="audit rows"
        rowTestId="audit-row"
        exportName="audit-trail.csv"
        [rowAttributes]="rowAttributes"
        (rowOpen)="open($any($event))"
      >
        <button
          mat-stroked-button
          type="button"
          data-testid="audit-export-json"
          [disabled]="exportingJson()"
          (click)="exportJson()"
        >
          Export JSON
        </button>
        <ng-template mwListCell="workflowId" let-r>
          @if (r.workflowId) {
            <a [routerLink]="['/processes', r.workflowId]" data-testid="audit-process-link">{{ r.workflowId }}</a>
            <a
              [routerLink]="['/audit/processes', r.workflowId]"
              class="timeline-link"
              data-testid="audit-timeline-link"
              title="The whole Temporal history, with who caused each update and signal"
              >timeline</a
            >
            @if (decisionOf(r); as decisionId) {
              <a [routerLink]="['/audit/decisions', decisionId]" class="timeline-link" data-testid="audit-decision-link"
                >decision #{{ decisionId }}</a
              >
            }
          }
        </ng-template>
        <ng-template mwListCell="chainHash" let-r>
          <code [attr.title]="r.chainHash" data-testid="audit-chain-hash">{{
            r.chainHash ? r.chainHash.slice(0, 12) + '…' : ''
          }}</code>
        </ng-template>
      </mw-data-list>
    </section>
  `,
  styles: [
    `
      .chain {
        padding: 8px 12px;
        border-radius: 4px;
        margin: 0 0 12px;
      }
      .chain.intact {
        background: #e8f5e9;
      }
      .chain.broken {
        background: #ffebee;
      }
      .chain .muted {
        margin-left: 8px;
      }
      .timeline-link {
        margin-left: 8px;
      }
    `,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class AuditTrailPage {
  private readonly http = inject(HttpClient);
  private readonly download = inject(CsvDownload);
  private readonly router = inject(Router);
  private readonly list = viewChild.required(DataList);
  protected readonly columns = COLUMNS as ListColumn<never>[];
  protected readonly filters = FILTERS;
  protected readonly exportingJson = signal(false);
  protected readonly rowAttributes = (row: Record<string, unknown>) => ({
    'data-audit-id': String(row['id']),
    'data-actor': String(row['actor']),
    'data-action': String(row['action']),
    'data-entity-id': String(row['entityId']),
    'data-workflow-id': (row['workflowId'] as string | null) ?? null,
    'data-seq': row['seq'] === null ? null : String(row['seq']),
  });

  /** Verified once when the page opens (the server seals the newest rows first, then walks the chain). */
  protected readonly verification = toSignal(
    this.http.get<ChainVerification>('/api/audit/verify', { context: silentErrors() }).pipe(
      map((result): Verification => ({ state: 'done', result })),
      catchError((err: unknown) => of<Verification>({ state: 'failed', error: errorMessage(err) })),
    ),
    { initialValue: { state: 'checking' } as Verification },
  );
  protected readonly result = computed(() => {
    const v = this.verification();
    return v.state === 'done' ? v.result : null;
  });
  protected readonly failedMessage = computed(() => {
    const v = this.verification();
    return v.state === 'failed' ? v.error : '';
  });

  /** The rule decision an audited action names (`details.decisionId`, e.g. a credit hold's), to open it. */
  protected decisionOf(row: AuditTrailRow): number | null {
    const details = row.details as { decisionId?: unknown } | null;
    return typeof details?.decisionId === 'number' ? details.decisionId : null;
  }

  /** A row with a process opens its instance page (as its link does); other rows have nothing to open. */
  protected open(row: AuditTrailRow): void {
    if (row.workflowId) void this.router.navigate(['/processes', row.workflowId]);
  }

  /** The rows the list shows (its filters and sort, every page) as JSON, with their chain hashes. */
  protected exportJson(): void {
    const query = apiQuery(this.list().state(), false);
    delete query['active'];
    this.exportingJson.set(true);
    this.download
      .download('/api/audit/trail/export.json', query, 'audit-trail.json')
      .pipe(finalize(() => this.exportingJson.set(false)))
      .subscribe({ error: () => undefined }); // the error interceptor tells the user
  }
}
