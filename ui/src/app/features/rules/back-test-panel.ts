import { ChangeDetectionStrategy, Component, computed, effect, inject, input, signal, untracked } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { RuleBackTestResult } from '../../shared/api.types';
import { ErrorSummary, FieldError } from '../../shared/field-error';
import { PolicySummaryPipe } from './policy-summary.pipe';
import { PathFieldErrors } from './rule-errors';
import { ServerInvalid } from './server-invalid';
import { RuleService } from './rule.service';

/** Re-runs recent recorded decisions under this version and lists those that would now choose differently. */
@Component({
  selector: 'mw-back-test-panel',
  imports: [
    MatButtonModule,
    MatCheckboxModule,
    MatFormFieldModule,
    MatInputModule,
    MatProgressBarModule,
    PolicySummaryPipe,
    ErrorSummary,
    FieldError,
    ServerInvalid,
  ],
  template: `
    <div class="panel">
      <h2 class="section-title">Back-test</h2>
      <p class="muted small">
        Re-decides the most recent recorded decisions of this rule-set type with version {{ version() }} as saved and
        shows which would now get a different policy. Nothing is stored.
      </p>
      <div class="actions">
        <mat-form-field appearance="outline" subscriptSizing="dynamic" class="dense days">
          <mat-label>Decisions</mat-label>
          <input
            matInput
            type="number"
            min="1"
            max="1000"
            data-testid="back-test-limit"
            [value]="limit()"
            [mwServerInvalid]="errors.invalid(limitPath)"
            (change)="limit.set(clamp($any($event.target).value))"
          />
          <mat-error>
            @if (errors.control(limitPath); as c) {
              <mw-field-error [control]="c" />
            }
          </mat-error>
        </mat-form-field>
        <button mat-flat-button type="button" data-testid="back-test" [disabled]="running()" (click)="run()">
          Back-test
        </button>
        @if (result()) {
          <mat-checkbox data-testid="back-test-show-all" [checked]="showAll()" (change)="showAll.set($event.checked)">
            Show unchanged decisions too
          </mat-checkbox>
        }
      </div>
      @if (running()) {
        <mat-progress-bar mode="indeterminate" />
      }
      <mw-error-summary [errors]="errors.summary" />
      @if (result(); as r) {
        <div data-testid="back-test-result" [attr.data-examined]="r.examined" [attr.data-changed]="r.changed">
          <p class="winner">
            Examined <strong data-testid="back-test-examined">{{ r.examined }}</strong> recorded decision(s);
            <strong data-testid="back-test-changed">{{ r.changed }}</strong> would change.
          </p>
          @if (rows().length > 0) {
            <div class="table-scroll">
              <table class="versions">
                <thead>
                  <tr>
                    <th>Decision</th>
                    <th>Recorded with</th>
                    <th>Before</th>
                    <th>After</th>
                  </tr>
                </thead>
                <tbody>
                  @for (row of rows(); track row.decisionId) {
                    <tr data-testid="back-test-row" [attr.data-changed]="row.changed" [class.changed]="row.changed">
                      <td>#{{ row.decisionId }}</td>
                      <td>v{{ row.recordedVersion }}</td>
                      <td>
                        <div>{{ row.before.rule ?? 'default policy' }}</div>
                        <div class="muted small">{{ row.before.policy | policySummary }}</div>
                      </td>
                      <td>
                        @if (row.after; as after) {
                          <div>{{ after.rule ?? 'default policy' }}</div>
                          <div class="muted small">{{ after.policy | policySummary }}</div>
                        } @else {
                          <div class="field-error">{{ row.error }}</div>
                        }
                      </td>
                    </tr>
                  }
                </tbody>
              </table>
            </div>
          } @else {
            <p class="muted">{{ r.examined === 0 ? 'No decisions recorded yet.' : 'No decision would change.' }}</p>
          }
        </div>
      }
    </div>
  `,
  styleUrl: './rules.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class BackTestPanel {
  private readonly api = inject(RuleService);

  readonly code = input.required<string>();
  readonly version = input.required<number>();

  protected readonly limit = signal(50);
  protected readonly showAll = signal(false);
  protected readonly running = signal(false);
  protected readonly result = signal<RuleBackTestResult | null>(null);
  /** A refused back-test: a problem with the limit on its field, anything else above the results. */
  protected readonly errors = new PathFieldErrors();
  protected readonly limitPath = '$.limit';
  protected readonly rows = computed(() => {
    const results = this.result()?.results ?? [];
    return this.showAll() ? results : results.filter((row) => row.changed);
  });

  constructor() {
    effect(() => {
      const limit = String(this.limit());
      untracked(() => this.errors.sync(new Map([[this.limitPath, limit]])));
    });
  }

  protected clamp(text: string): number {
    const value = Math.round(Number(text));
    return Number.isFinite(value) ? Math.min(1000, Math.max(1, value)) : 50;
  }

  protected run(): void {
    this.running.set(true);
    this.errors.clear();
    this.api.backTest(this.code(), this.version(), this.limit()).subscribe({
      next: (result) => {
        this.running.set(false);
        this.result.set(result);
      },
      error: (err: unknown) => {
        this.running.set(false);
        this.result.set(null);
        this.errors.show(err);
      },
    });
  }
}
