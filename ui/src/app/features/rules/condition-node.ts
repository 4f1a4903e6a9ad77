import { ChangeDetectionStrategy, Component, computed, input, output } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { RuleCondition, RuleLeafCondition } from '../../shared/api.types';
import { FieldError } from '../../shared/field-error';
import { factInfo, factsFor, operatorsFor } from './rule-catalogue';
import {
  childrenOf,
  formatValue,
  GROUP_KINDS,
  GROUP_LABELS,
  GroupKind,
  groupKind,
  isRecord,
  newLeaf,
  parseValue,
  regroup,
  removeAt,
  replaceAt,
  withChildren,
} from './rule-content';
import { PathFieldErrors } from './rule-errors';
import { childPath, showsPath } from './rule-fields';
import { ServerInvalid } from './server-invalid';

/**
 * One node of a rule's condition tree: a group (all / any / not) of nodes, or a leaf row `fact operator value`.
 * Recursive; every edit emits a new node (the parent replaces its child), nothing is mutated.
 */
@Component({
  selector: 'mw-condition-node',
  imports: [MatButtonModule, MatFormFieldModule, MatInputModule, MatSelectModule, FieldError, ServerInvalid],
  templateUrl: './condition-node.html',
  styleUrl: './rules.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ConditionNode {
  readonly node = input.required<RuleCondition>();
  readonly type = input.required<string>();
  /** JSON path of this node, as the server names it in validation errors. */
  readonly path = input.required<string>();
  /** The server's refusal, placed on the leaf fields it names (a group's own problems are in the summary). */
  readonly fields = input.required<PathFieldErrors>();
  readonly readonly = input(false);
  /** The top of a rule's conditions: always a group, never removed. */
  readonly root = input(false);

  readonly changed = output<RuleCondition>();
  readonly removed = output<void>();

  protected readonly groupKinds = GROUP_KINDS;
  protected readonly groupLabels = GROUP_LABELS;
  protected readonly kind = computed(() => groupKind(this.node()));
  protected readonly children = computed(() => childrenOf(this.node()));
  protected readonly leaf = computed(() => {
    const node = this.node();
    return isRecord(node) ? (node as unknown as RuleLeafCondition) : newLeaf();
  });
  protected readonly facts = computed(() => factsFor(this.type()));
  protected readonly factType = computed(() => factInfo(this.type(), this.leaf().fact)?.type);
  protected readonly knownFact = computed(() => this.facts().some((f) => f.name === this.leaf().fact));
  protected readonly operators = computed(() => operatorsFor(this.type(), this.leaf().fact));
  protected readonly knownOperator = computed(() => this.operators().includes(this.leaf().operator));
  protected readonly valueText = computed(() => formatValue(this.leaf().value));
  protected readonly showPath = computed(() =>
    showsPath(this.type(), this.leaf() as unknown as Record<string, unknown>),
  );

  protected childPath(index: number): string {
    return childPath(this.path(), this.node(), index);
  }

  /** The path of one of this leaf's keys (fact, operator, value, path). */
  protected at(key: string): string {
    return `${this.path()}.${key}`;
  }

  protected setKind(kind: GroupKind): void {
    this.changed.emit(regroup(this.node(), kind));
  }

  protected setChild(index: number, child: RuleCondition): void {
    this.changed.emit(withChildren(this.node(), replaceAt(this.children(), index, child)));
  }

  protected removeChild(index: number): void {
    this.changed.emit(withChildren(this.node(), removeAt(this.children(), index)));
  }

  protected addLeaf(): void {
    this.changed.emit(withChildren(this.node(), [...this.children(), newLeaf(this.facts()[0]?.name)]));
  }

  protected addGroup(): void {
    const group: RuleCondition = { any: [newLeaf(this.facts()[0]?.name)] };
    this.changed.emit(withChildren(this.node(), [...this.children(), group]));
  }

  /** A new fact keeps the operator only if it still applies. */
  protected setFact(fact: string): void {
    const leaf = this.leaf();
    const operators = operatorsFor(this.type(), fact);
    const operator = operators.includes(leaf.operator) ? leaf.operator : (operators[0] ?? leaf.operator);
    const next: RuleLeafCondition = { ...leaf, fact, operator };
    if (factInfo(this.type(), fact)?.type !== 'attributes') delete next.path;
    this.changed.emit(next);
  }

  /** Switching between a list operator (in) and a scalar one re-reads the value text the other way. */
  protected setOperator(operator: string): void {
    const leaf = this.leaf();
    this.changed.emit({ ...leaf, operator, value: parseValue(formatValue(leaf.value), this.factType(), operator) });
  }

  protected setValue(text: string): void {
    const leaf = this.leaf();
    this.changed.emit({ ...leaf, value: parseValue(text, this.factType(), leaf.operator) });
  }

  protected setPath(path: string): void {
    this.changed.emit({ ...this.leaf(), path: path.trim() });
  }
}
