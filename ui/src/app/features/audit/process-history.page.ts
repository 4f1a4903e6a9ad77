import { DatePipe } from '@angular/common';
import { HttpClient } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, computed, inject, input, signal } from '@angular/core';
import { toObservable, toSignal } from '@angular/core/rxjs-interop';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { RouterLink } from '@angular/router';
import { catchError, map, of, startWith, switchMap } from 'rxjs';
import { errorMessage } from '../../shared/api-error';
import { HumanizePipe } from '../../shared/humanize.pipe';
import { StatusChip } from '../../shared/status-chip';
import { HistoryCategory, HistoryLine, ProcessHistory } from './audit.types';

type Loaded = { state: 'loading' } | { state: 'done'; history: ProcessHistory } | { state: 'failed'; error: string };

/** The kinds an auditor narrows the history to; workflow-task bookkeeping has its own switch. */
const KINDS: { value: HistoryCategory | ''; label: string }[] = [
  { value: '', label: 'All events' },
  { value: 'update', label: 'Updates (human actions)' },
  { value: 'signal', label: 'Signals' },
  { value: 'activity', label: 'Activities' },
  { value: 'timer', label: 'Timers' },
  { value: 'process', label: 'Start and end' },
];

/** Where the named user comes from, said in full on hover. */
const SOURCES: Record<'payload' | 'audit', string> = {
  payload: 'stamped by the API into the arguments, confirmed by the audit row',
  audit: 'the arguments name nobody: the nearest audit row of this process by a person',
};

/**
 * The auditor's view of one process instance (issue 18): its whole Temporal history, oldest first, each event in
 * words with its time, the activity, update, signal or timer it concerns and what it carried; every update and signal
 * names the signed-in user who caused it (and links the audit row); activity results that made a rule decision open
 * it. The instance's decisions and its audit rows are one click away. Read-only.
 */
@Component({
  selector: 'mw-process-history-page',
  imports: [DatePipe, RouterLink, MatCheckboxModule, MatProgressBarModule, HumanizePipe, StatusChip],
  template: `
    <section class="page">
      <a [routerLink]="['/processes', workflowId()]" class="back" data-testid="history-back-to-process"
        >&larr; The process</a
      >
      @switch (loaded().state) {
        @case ('loading') {
          <mat-progress-bar mode="indeterminate" />
        }
        @case ('failed') {
          <p class="inline-error" role="alert" data-testid="history-error">{{ failure() }}</p>
        }
      }
      @if (history(); as h) {
        <header class="page-header">
          <h1>
            History of {{ h.processType | humanize }}
            <span data-testid="history-business-key">{{ h.businessKey }}</span>
          </h1>
          <mw-status-chip [status]="h.status" />
        </header>
        <p class="links">
          <a
            [routerLink]="['/audit/trail']"
            [queryParams]="{ workflowId: h.workflowId }"
            data-testid="history-audit-rows"
            >Audit rows of this process</a
          >
          <span class="mono muted">{{ h.workflowId }}</span>
        </p>

        @if (h.decisions.length > 0) {
          <h2>Rule decisions</h2>
          <ul class="decisions" data-testid="history-decisions">
            @for (d of h.decisions; track d.id) {
              <li data-testid="history-decision" [attr.data-decision-id]="d.id">
                <a [routerLink]="['/audit/decisions', d.id]" data-testid="history-decision-open"
                  >#{{ d.id }} {{ d.ruleSetType }} v{{ d.version }}</a
                >
                <span class="muted">{{ d.rule ? 'rule ' + d.rule : 'default policy' }}</span>
              </li>
            }
          </ul>
        }

        <h2>Temporal history</h2>
        <div class="controls">
          <label>
            Show
            <select data-testid="history-kind" [value]="kind()" (change)="kind.set($any($event.target).value)">
              @for (k of kinds; track k.value) {
                <option [value]="k.value">{{ k.label }}</option>
              }
            </select>
          </label>
          <mat-checkbox
            data-testid="history-bookkeeping"
            [checked]="bookkeeping()"
            (change)="bookkeeping.set($event.checked)"
            >Workflow-task bookkeeping</mat-checkbox
          >
          <span class="muted" data-testid="history-count" [attr.data-count]="shown().length"
            >{{ shown().length }} of {{ h.events.length }} events</span
          >
        </div>
        <ol class="timeline" data-testid="history-timeline">
          @for (e of shown(); track e.eventId) {
            <li
              data-testid="history-line"
              [attr.data-event-id]="e.eventId"
              [attr.data-event-type]="e.type"
              [attr.data-category]="e.category"
              [attr.data-name]="e.name"
              [attr.data-user]="e.user?.username ?? null"
              [class]="e.category"
            >
              <time class="time" [attr.datetime]="e.time">{{ e.time | date: 'd MMM y, HH:mm:ss.SSS' : 'UTC' }}</time>
              <span class="what">
                <span class="title" data-testid="history-title">{{ e.title }}</span>
                @if (e.detail) {
                  <span class="detail" data-testid="history-detail">{{ e.detail }}</span>
                }
                @for (id of e.decisionIds; track id) {
                  <a [routerLink]="['/audit/decisions', id]" data-testid="history-line-decision">decision #{{ id }}</a>
                }
              </span>
              <span class="who">
                @if (e.user; as u) {
                  <span data-testid="history-user" [attr.data-source]="u.source" [attr.title]="sources[u.source]"
                    >{{ u.displayName }} ({{ u.username }})</span
                  >
                  @if (u.auditId !== null) {
                    <a
                      [routerLink]="['/audit/trail']"
                      [queryParams]="{ workflowId: h.workflowId, actor: u.username }"
                      data-testid="history-user-audit"
                      [attr.data-audit-id]="u.auditId"
                      >audit row #{{ u.auditId }}</a
                    >
                  }
                }
                <span class="mono muted">#{{ e.eventId }}</span>
              </span>
            </li>
          } @empty {
            <li class="muted">No events{{ kind() ? ' of this kind' : '' }}.</li>
          }
        </ol>
      }
    </section>
  `,
  styles: `
    .links {
      display: flex;
      gap: 16px;
      align-items: baseline;
      flex-wrap: wrap;
    }
    .controls {
      display: flex;
      gap: 16px;
      align-items: center;
      flex-wrap: wrap;
      margin-bottom: 8px;
    }
    .decisions li {
      display: flex;
      gap: 12px;
    }
    .timeline {
      list-style: none;
      margin: 0;
      padding: 0 0 0 12px;
      border-left: 2px solid var(--mat-sys-outline-variant);
    }
    .timeline li {
      display: grid;
      grid-template-columns: 200px 1fr auto;
      gap: 8px;
      padding: 6px 0 6px 8px;
      font-size: 13px;
    }
    .timeline li.update,
    .timeline li.signal {
      background: var(--mat-sys-surface-container);
    }
    .what {
      display: flex;
      flex-direction: column;
      gap: 2px;
      min-width: 0;
    }
    .title {
      font-weight: 500;
    }
    .detail {
      color: var(--mat-sys-on-surface-variant);
      overflow-wrap: anywhere;
    }
    .who {
      display: flex;
      gap: 8px;
      align-items: baseline;
    }
    .time {
      color: var(--mat-sys-on-surface-variant);
    }
    @media (max-width: 600px) {
      .timeline li {
        grid-template-columns: 1fr;
        gap: 2px;
      }
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ProcessHistoryPage {
  private readonly http = inject(HttpClient);

  /** Bound from the :workflowId route param. */
  readonly workflowId = input.required<string>();

  protected readonly kinds = KINDS;
  protected readonly sources = SOURCES;
  protected readonly kind = signal<HistoryCategory | ''>('');
  protected readonly bookkeeping = signal(false);

  protected readonly loaded = toSignal(
    toObservable(this.workflowId).pipe(
      switchMap((id) =>
        this.http.get<ProcessHistory>(`/api/audit/processes/${encodeURIComponent(id)}/history`).pipe(
          map((history): Loaded => ({ state: 'done', history })),
          catchError((err: unknown) => of<Loaded>({ state: 'failed', error: errorMessage(err) })),
          startWith<Loaded>({ state: 'loading' }),
        ),
      ),
    ),
    { initialValue: { state: 'loading' } as Loaded },
  );
  protected readonly history = computed(() => {
    const loaded = this.loaded();
    return loaded.state === 'done' ? loaded.history : null;
  });
  protected readonly failure = computed(() => {
    const loaded = this.loaded();
    return loaded.state === 'failed' ? loaded.error : '';
  });
  protected readonly shown = computed<HistoryLine[]>(() => {
    const kind = this.kind();
    const bookkeeping = this.bookkeeping();
    return (this.history()?.events ?? []).filter(
      (e) => (bookkeeping || !e.bookkeeping) && (!kind || e.category === kind),
    );
  });
}
