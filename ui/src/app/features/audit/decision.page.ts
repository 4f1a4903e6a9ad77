import { DatePipe, JsonPipe } from '@angular/common';
import { HttpClient } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { toObservable, toSignal } from '@angular/core/rxjs-interop';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { RouterLink } from '@angular/router';
import { catchError, map, of, startWith, switchMap } from 'rxjs';
import { errorMessage } from '../../shared/api-error';
import { RuleConditionTrace } from '../../shared/api.types';
import { ConditionTrace } from '../rules/condition-trace';
import { DecisionExplanation } from './audit.types';

type Loaded = { state: 'loading' } | { state: 'done'; d: DecisionExplanation } | { state: 'failed'; error: string };

interface FiredRule {
  name: string;
  priority: number;
  conditions: RuleConditionTrace;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * One stored rule decision for the auditor (issue 18): the rule-set type, code, version and content hash it ran under,
 * the facts it saw, the rules that fired (each condition with the fact's value), the result, and why the alternatives
 * lost: the fired rules the winner outranked with what they would have done, and the rules whose conditions failed
 * (from replaying the stored facts under the same version). Read-only.
 */
@Component({
  selector: 'mw-decision-page',
  imports: [DatePipe, JsonPipe, RouterLink, MatProgressBarModule, ConditionTrace],
  template: `
    <section class="page">
      @switch (loaded().state) {
        @case ('loading') {
          <mat-progress-bar mode="indeterminate" />
        }
        @case ('failed') {
          <p class="inline-error" role="alert" data-testid="decision-error">{{ failure() }}</p>
        }
      }
      @if (explained(); as x) {
        @if (x.decision.workflowId; as wf) {
          <a [routerLink]="['/audit/processes', wf]" class="back" data-testid="decision-back-to-history"
            >&larr; History of {{ x.decision.businessKey ?? wf }}</a
          >
        }
        <header class="page-header">
          <h1>Decision #{{ x.decision.id }}</h1>
        </header>
        <dl class="facts">
          <dt>Rule set</dt>
          <dd data-testid="decision-rule-set" [attr.data-type]="x.decision.ruleSetType">
            {{ x.decision.ruleSetType }} ({{ x.decision.ruleSetCode }})
            <a
              [routerLink]="['/rules', x.decision.ruleSetCode, 'versions', x.decision.version]"
              data-testid="decision-version"
              [attr.data-version]="x.decision.version"
              >v{{ x.decision.version }}</a
            >
          </dd>
          <dt>Content hash</dt>
          <dd class="mono" data-testid="decision-content-hash">{{ x.decision.contentHash }}</dd>
          <dt>When</dt>
          <dd>{{ x.decision.createdAt | date: 'medium' }}</dd>
          <dt>Business key</dt>
          <dd>{{ x.decision.businessKey ?? '—' }}</dd>
          <dt>Result</dt>
          <dd data-testid="decision-winner" [attr.data-winner]="x.winner">
            {{ x.winner ? 'rule ' + x.winner : 'default policy' }}
          </dd>
          <dt>Policy</dt>
          <dd>
            <pre class="json-block" data-testid="decision-policy">{{ x.policy | json }}</pre>
          </dd>
        </dl>
        <p data-testid="decision-because"><strong>Why:</strong> {{ x.because }}.</p>

        <h2>Facts</h2>
        <table class="versions" data-testid="decision-facts">
          <tbody>
            @for (f of facts(); track f.name) {
              <tr data-testid="decision-fact" [attr.data-fact]="f.name">
                <th scope="row" class="mono">{{ f.name }}</th>
                <td class="mono">{{ f.value | json }}</td>
              </tr>
            }
          </tbody>
        </table>

        <h2>Rules that fired</h2>
        @for (r of fired(); track r.name; let first = $first) {
          <div class="rule" data-testid="decision-fired" [attr.data-rule]="r.name">
            <strong>{{ r.name }}</strong> <span class="muted">priority {{ r.priority }}</span>
            @if (first && !x.usedDefault) {
              <span class="won">applied</span>
            } @else {
              <span class="lost">lost on priority</span>
            }
            <mw-condition-trace [trace]="r.conditions" />
          </div>
        } @empty {
          <p class="muted">No rule fired.</p>
        }

        @if (x.outranked.length > 0) {
          <h2>Outranked rules (what they would have done)</h2>
          @for (o of x.outranked; track o.name) {
            <div class="rule" data-testid="decision-outranked" [attr.data-rule]="o.name">
              <strong>{{ o.name }}</strong> <span class="muted">priority {{ o.priority }}</span>
              <pre class="json-block">{{ o.policy | json }}</pre>
            </div>
          }
        }

        <h2>Rules whose conditions failed</h2>
        @if (x.replay.problem) {
          <p class="muted" data-testid="decision-replay-problem">Could not replay the facts: {{ x.replay.problem }}</p>
        } @else if (!x.replay.matches) {
          <p class="inline-error" data-testid="decision-replay-mismatch">
            The replay under the same version chose differently: the stored decision does not match its version.
          </p>
        }
        @for (r of rejected(); track r.name) {
          <div class="rule" data-testid="decision-rejected" [attr.data-rule]="r.name">
            <strong>{{ r.name }}</strong> <span class="muted">priority {{ r.priority }}</span>
            <mw-condition-trace [trace]="r.conditions" />
          </div>
        } @empty {
          @if (!x.replay.problem) {
            <p class="muted">Every rule of the version fired.</p>
          }
        }
      }
    </section>
  `,
  styles: `
    .rule {
      margin: 8px 0;
      padding: 8px;
      border: 1px solid var(--mat-sys-outline-variant);
      border-radius: 4px;
    }
    .won,
    .lost {
      margin-left: 8px;
      font-size: 12px;
    }
    .won {
      color: var(--mat-sys-primary);
    }
    .lost {
      color: var(--mat-sys-error);
    }
    th {
      text-align: left;
      padding-right: 16px;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class DecisionPage {
  private readonly http = inject(HttpClient);

  /** Bound from the :id route param. */
  readonly id = input.required<string>();

  protected readonly loaded = toSignal(
    toObservable(this.id).pipe(
      switchMap((id) =>
        this.http.get<DecisionExplanation>(`/api/audit/decisions/${encodeURIComponent(id)}`).pipe(
          map((d): Loaded => ({ state: 'done', d })),
          catchError((err: unknown) => of<Loaded>({ state: 'failed', error: errorMessage(err) })),
          startWith<Loaded>({ state: 'loading' }),
        ),
      ),
    ),
    { initialValue: { state: 'loading' } as Loaded },
  );
  protected readonly explained = computed(() => {
    const loaded = this.loaded();
    return loaded.state === 'done' ? loaded.d : null;
  });
  protected readonly failure = computed(() => {
    const loaded = this.loaded();
    return loaded.state === 'failed' ? loaded.error : '';
  });
  protected readonly facts = computed(() => {
    const facts = this.explained()?.decision.facts;
    return isRecord(facts) ? Object.entries(facts).map(([name, value]) => ({ name, value })) : [];
  });
  protected readonly fired = computed(() => {
    const fired = this.explained()?.decision.firedRules;
    return Array.isArray(fired) ? (fired as FiredRule[]) : [];
  });
  protected readonly rejected = computed(
    () => (this.explained()?.rejected ?? []) as { name: string; priority: number; conditions: RuleConditionTrace }[],
  );
}
