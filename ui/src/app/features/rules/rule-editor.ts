import { ChangeDetectionStrategy, Component, input, output } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { FieldError } from '../../shared/field-error';
import { RuleCondition, RuleDefinition, RulePolicy, RuleSetContent } from '../../shared/api.types';
import { AllocationPolicyEditor } from './allocation-policy-editor';
import { ConditionNode } from './condition-node';
import { factsFor, NEW_POLICY } from './rule-catalogue';
import { isRecord, newLeaf, removeAt, replaceAt } from './rule-content';
import { PathFieldErrors } from './rule-errors';
import { ServerInvalid } from './server-invalid';
import { SimplePolicyEditor } from './simple-policy-editor';

/**
 * The structured editor: each rule's name, priority, conditions and policy, then the default policy. Emits whole
 * new content on every edit; the page keeps it in sync with the raw JSON view.
 */
@Component({
  selector: 'mw-rule-editor',
  imports: [
    MatButtonModule,
    MatCardModule,
    MatFormFieldModule,
    MatInputModule,
    ConditionNode,
    AllocationPolicyEditor,
    SimplePolicyEditor,
    FieldError,
    ServerInvalid,
  ],
  templateUrl: './rule-editor.html',
  styleUrl: './rules.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class RuleEditor {
  readonly content = input.required<RuleSetContent>();
  readonly type = input.required<string>();
  /** The server's refusal of the last save or publish, placed on the fields it names. */
  readonly fields = input.required<PathFieldErrors>();
  readonly readonly = input(false);
  readonly contentChange = output<RuleSetContent>();

  /** The JSON path of a rule's key, as the server names it. */
  protected at(index: number, key: string): string {
    return `$.rules[${index}].${key}`;
  }

  /** A rule typed in JSON without conditions shows an empty group (the server will say what is missing). */
  protected conditionsOf(rule: RuleDefinition): RuleCondition {
    return isRecord(rule.conditions) ? rule.conditions : { all: [] };
  }

  protected paramsOf(rule: RuleDefinition): RulePolicy {
    return isRecord(rule.event) && isRecord(rule.event.params) ? rule.event.params : {};
  }

  private setRules(rules: RuleDefinition[]): void {
    this.contentChange.emit({ ...this.content(), rules });
  }

  private patchRule(index: number, patch: Partial<RuleDefinition>): void {
    const rule = this.content().rules[index];
    if (rule) this.setRules(replaceAt(this.content().rules, index, { ...rule, ...patch }));
  }

  protected setName(index: number, name: string): void {
    this.patchRule(index, { name });
  }

  /** A priority that is not a whole number is kept as typed, so the server explains what it needs. */
  protected setPriority(index: number, text: string): void {
    const priority = /^\d+$/.test(text.trim()) ? Number(text) : (text as unknown as number);
    this.patchRule(index, { priority });
  }

  protected setConditions(index: number, conditions: RuleCondition): void {
    this.patchRule(index, { conditions });
  }

  protected setPolicy(index: number, params: RulePolicy): void {
    this.patchRule(index, { event: { type: 'policy', params } });
  }

  protected setDefaultPolicy(defaultPolicy: RulePolicy): void {
    this.contentChange.emit({ ...this.content(), defaultPolicy });
  }

  protected addRule(): void {
    const rules = this.content().rules;
    const rule: RuleDefinition = {
      name: `rule-${rules.length + 1}`,
      priority: 1,
      conditions: { all: [newLeaf(factsFor(this.type())[0]?.name)] },
      event: { type: 'policy', params: structuredClone(NEW_POLICY[this.type()] ?? {}) },
    };
    this.setRules([...rules, rule]);
  }

  protected removeRule(index: number): void {
    this.setRules(removeAt(this.content().rules, index));
  }
}
