import { JsonPipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject, input, linkedSignal, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatSelectModule } from '@angular/material/select';
import { RuleDiff, RuleSetVersionSummary } from '../../shared/api.types';
import { ErrorSummary } from '../../shared/field-error';
import { PathFieldErrors } from './rule-errors';
import { RuleService } from './rule.service';

/** What changed between another version and this one, path by path (as saved on the server). */
@Component({
  selector: 'mw-diff-panel',
  imports: [JsonPipe, MatButtonModule, MatFormFieldModule, MatSelectModule, ErrorSummary],
  template: `
    <div class="panel">
      <h2 class="section-title">Differences</h2>
      <div class="actions">
        <mat-form-field appearance="outline" subscriptSizing="dynamic" class="dense">
          <mat-label>Compare with</mat-label>
          <mat-select data-testid="diff-against" [value]="against()" (valueChange)="against.set($event)">
            @for (v of others(); track v.version) {
              <mat-option [value]="v.version" data-testid="diff-against-option" [attr.data-version]="v.version">
                v{{ v.version }} ({{ v.status }})
              </mat-option>
            }
          </mat-select>
        </mat-form-field>
        <button mat-flat-button type="button" data-testid="diff" [disabled]="against() === null" (click)="run()">
          Diff
        </button>
      </div>
      <mw-error-summary [errors]="errors.summary" />
      @if (diff(); as d) {
        <div data-testid="diff-result" [attr.data-changes]="d.changes.length">
          <p>
            From v{{ d.from }} to v{{ d.to }}: <strong>{{ d.changes.length }}</strong> change(s).
            @if (d.changes.length === 0) {
              <span class="muted">The two versions decide identically.</span>
            }
          </p>
          @if (d.changes.length > 0) {
            <table class="versions diff">
              <thead>
                <tr>
                  <th>Path</th>
                  <th>Change</th>
                  <th>v{{ d.from }}</th>
                  <th>v{{ d.to }}</th>
                </tr>
              </thead>
              <tbody>
                @for (c of d.changes; track c.path) {
                  <tr data-testid="diff-change" [attr.data-path]="c.path" [attr.data-kind]="c.kind">
                    <td class="mono">{{ c.path }}</td>
                    <td>
                      <span [class]="'kind kind-' + c.kind">{{ c.kind }}</span>
                    </td>
                    <td>
                      <pre class="inline-json">{{ c.kind === 'added' ? '' : (c.before | json) }}</pre>
                    </td>
                    <td>
                      <pre class="inline-json">{{ c.kind === 'removed' ? '' : (c.after | json) }}</pre>
                    </td>
                  </tr>
                }
              </tbody>
            </table>
          }
        </div>
      }
    </div>
  `,
  styleUrl: './rules.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class DiffPanel {
  private readonly api = inject(RuleService);

  readonly code = input.required<string>();
  readonly version = input.required<number>();
  readonly versions = input.required<readonly RuleSetVersionSummary[]>();
  /** Preferred comparison: the version in force, if it is another one. */
  readonly inForce = input<number | null>(null);

  protected readonly others = computed(() => this.versions().filter((v) => v.version !== this.version()));
  protected readonly against = linkedSignal<number | null>(() => {
    const others = this.others();
    const inForce = this.inForce();
    if (inForce !== null && others.some((v) => v.version === inForce)) return inForce;
    return others.find((v) => v.version < this.version())?.version ?? others[0]?.version ?? null;
  });
  protected readonly diff = signal<RuleDiff | null>(null);
  /** A refused diff: it has no fields of its own, so everything goes to the summary. */
  protected readonly errors = new PathFieldErrors();

  protected run(): void {
    const from = this.against();
    if (from === null) return;
    this.errors.clear();
    this.api.diff(this.code(), from, this.version()).subscribe({
      next: (diff) => this.diff.set(diff),
      error: (err: unknown) => this.errors.show(err),
    });
  }
}
