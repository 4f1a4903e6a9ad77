import { JsonPipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, inject, input, model, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { RuleDecision } from '../../shared/api.types';
import { ConditionTrace } from './condition-trace';
import { isRecord } from './rule-content';
import { RuleProblem, ruleProblemOf } from './rule-errors';
import { RuleService } from './rule.service';

/** What this version would decide for typed-in facts, and why: the winner, its policy and every rule's trace. */
@Component({
  selector: 'mw-dry-run-panel',
  imports: [JsonPipe, MatButtonModule, MatFormFieldModule, MatInputModule, MatProgressBarModule, ConditionTrace],
  templateUrl: './dry-run-panel.html',
  styleUrl: './rules.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class DryRunPanel {
  private readonly api = inject(RuleService);

  readonly code = input.required<string>();
  readonly version = input.required<number>();
  /** The facts as JSON text; the page owns it so a recorded decision's facts can be loaded from the Decisions tab. */
  readonly factsText = model.required<string>();
  /** Unsaved edits are not what the server runs. */
  readonly dirty = input(false);

  protected readonly running = signal(false);
  protected readonly result = signal<RuleDecision | null>(null);
  protected readonly problem = signal<RuleProblem | null>(null);

  protected run(): void {
    let facts: unknown;
    try {
      facts = JSON.parse(this.factsText());
    } catch (err) {
      this.fail(`The facts are not valid JSON: ${err instanceof Error ? err.message : String(err)}`);
      return;
    }
    if (!isRecord(facts)) {
      this.fail('The facts must be a JSON object such as { "item.category": "food", ... }');
      return;
    }
    this.running.set(true);
    this.problem.set(null);
    this.api.dryRun(this.code(), this.version(), { facts }).subscribe({
      next: (decision) => {
        this.running.set(false);
        this.result.set(decision);
      },
      error: (err: unknown) => {
        this.running.set(false);
        this.result.set(null);
        this.problem.set(ruleProblemOf(err));
      },
    });
  }

  private fail(message: string): void {
    this.result.set(null);
    this.problem.set({ code: null, status: 0, message, details: [] });
  }

  /** The engine's fact problems arrive as one sentence, `...: $["a"]: x; $["b"]: y`; one line each reads better. */
  protected lines(message: string): string[] {
    const [head, ...rest] = message.split(': $');
    if (rest.length === 0) return [message];
    return [
      `${head}:`,
      ...rest
        .join(': $')
        .split('; $')
        .map((line) => `$${line}`),
    ];
  }
}
