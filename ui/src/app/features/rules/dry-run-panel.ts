import { JsonPipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, effect, inject, input, model, signal, untracked } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { RuleDecision } from '../../shared/api.types';
import { ErrorSummary, FieldError } from '../../shared/field-error';
import { ConditionTrace } from './condition-trace';
import { isRecord } from './rule-content';
import { localFailure, PathFieldErrors } from './rule-errors';
import { ServerInvalid } from './server-invalid';
import { RuleService } from './rule.service';

/** The facts field, by the path the server names the request's facts with. */
const FACTS = '$.facts';

/** `["item.category"]` and `missing` -> `item.category: missing`. */
function factMessage(rest: string, message: string): string {
  const key = /^\["(.*)"\]/.exec(rest)?.[1] ?? rest.replace(/^\./, '').split('.')[0];
  return key ? `${key}: ${message}` : message;
}

/** What this version would decide for typed-in facts, and why: the winner, its policy and every rule's trace. */
@Component({
  selector: 'mw-dry-run-panel',
  imports: [
    JsonPipe,
    MatButtonModule,
    MatFormFieldModule,
    MatInputModule,
    MatProgressBarModule,
    ConditionTrace,
    ErrorSummary,
    FieldError,
    ServerInvalid,
  ],
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
  /** Problems with the facts sit on the facts field, one per fact (`item.category: missing; …`); others above it. */
  protected readonly errors = new PathFieldErrors(factMessage);
  protected readonly facts = FACTS;

  constructor() {
    // Typing in the facts (or loading a decision's) clears what was said about the facts before.
    effect(() => {
      const text = this.factsText();
      untracked(() => this.errors.sync(new Map([[FACTS, text]])));
    });
  }

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
    this.errors.clear();
    this.api.dryRun(this.code(), this.version(), { facts }).subscribe({
      next: (decision) => {
        this.running.set(false);
        this.result.set(decision);
      },
      error: (err: unknown) => {
        this.running.set(false);
        this.result.set(null);
        this.errors.show(err);
      },
    });
  }

  private fail(message: string): void {
    this.result.set(null);
    this.errors.show(localFailure(FACTS, message));
  }
}
