import { ChangeDetectionStrategy, Component, computed, input, output } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { RulePolicy } from '../../shared/api.types';
import { FieldError } from '../../shared/field-error';
import {
  DISTRIBUTION_BASES,
  EXPIRY_ACTIONS,
  ISSUE_MODES,
  ROUNDINGS,
  VALUATION_METHODS,
  WHEN_SHORT,
} from './rule-catalogue';
import { CONSUMPTION_METHODS, policyNumberFields } from './consumption-fields';
import { LOT_SIZE_DEFAULTS, LOT_SIZE_KINDS, withLotSizeNumber } from './lot-size-fields';
import { isRecord, removeAt, replaceAt } from './rule-content';
import { SAMPLING_DEFAULTS, SAMPLING_KINDS } from './sampling-fields';
import { PathFieldErrors } from './rule-errors';
import { ServerInvalid } from './server-invalid';

/** The enumerated fields of the policy of each type (expiry's action list is edited below them). */
export const POLICY_CHOICES: Record<string, { key: string; label: string; options: readonly string[] }[]> = {
  valuation: [{ key: 'method', label: 'Valuation method', options: VALUATION_METHODS }],
  'cost-distribution': [
    { key: 'basis', label: 'Distribution basis', options: DISTRIBUTION_BASES },
    { key: 'rounding', label: 'Rounding', options: ROUNDINGS },
  ],
  expiry: [],
  credit: [{ key: 'action', label: 'Credit action', options: ['pass', 'hold'] }],
  'material-issue': [
    { key: 'mode', label: 'Issue mode', options: ISSUE_MODES },
    { key: 'whenShort', label: 'When the kit is short', options: WHEN_SHORT },
  ],
  // The kind's number fields (quantity, minimum / multiple / maximum, periods) are shown below the select.
  'lot-sizing': [{ key: 'kind', label: 'Lot size', options: LOT_SIZE_KINDS }],
  // The over-delivery tolerance is a number field below the select.
  'subcontract-consumption': [{ key: 'method', label: 'Consume components', options: CONSUMPTION_METHODS }],
  // The kind's number fields (percent, AQL, skip-lot frequency) are shown below the select.
  'quality-sampling': [{ key: 'kind', label: 'Sampling', options: SAMPLING_KINDS }],
};

/** Types whose `kind` select switches to another policy shape, with the defaults of each kind. */
const KIND_DEFAULTS: Record<string, Record<string, Record<string, unknown>>> = {
  'lot-sizing': LOT_SIZE_DEFAULTS,
  'quality-sampling': SAMPLING_DEFAULTS,
};

type ExpiryAction = Record<string, unknown>;

/**
 * Policies of the rule sets other than allocation (expiry's action list, lot sizing's numbers per kind, subcontract
 * consumption's over-delivery tolerance).
 */
@Component({
  selector: 'mw-simple-policy-editor',
  imports: [MatButtonModule, MatFormFieldModule, MatInputModule, MatSelectModule, FieldError, ServerInvalid],
  template: `
    <div class="policy policy-fields" [attr.data-testid]="'policy-' + type()">
      @for (field of choices(); track field.key) {
        <mat-form-field appearance="outline" subscriptSizing="dynamic" class="dense">
          <mat-label>{{ field.label }}</mat-label>
          <mat-select
            [attr.data-testid]="'policy-' + field.key"
            [value]="policy()[field.key]"
            [disabled]="readonly()"
            [mwServerInvalid]="fields().invalid(at(field.key))"
            (valueChange)="set(field.key, $event)"
          >
            @for (o of field.options; track o) {
              <mat-option [value]="o" data-testid="policy-option" [attr.data-value]="o">{{ o }}</mat-option>
            }
          </mat-select>
          <mat-error>
            @if (fields().control(at(field.key)); as c) {
              <mw-field-error [control]="c" />
            }
          </mat-error>
        </mat-form-field>
      }
      @for (f of lotFields(); track f.key) {
        <mat-form-field appearance="outline" subscriptSizing="dynamic" class="dense days">
          <mat-label>{{ f.label }}</mat-label>
          <input
            matInput
            type="number"
            [attr.min]="f.integer ? 1 : 0"
            [attr.step]="f.integer ? 1 : 'any'"
            [attr.data-testid]="'policy-' + f.key"
            [value]="policy()[f.key] ?? ''"
            [placeholder]="f.optional ? 'none' : ''"
            [disabled]="readonly()"
            [mwServerInvalid]="fields().invalid(at(f.key))"
            (change)="setLotNumber(f.key, $any($event.target).value)"
          />
          <mat-error>
            @if (fields().control(at(f.key)); as c) {
              <mw-field-error [control]="c" />
            }
          </mat-error>
        </mat-form-field>
      }
      @if (type() === 'expiry') {
        <div class="expiry-actions">
          <span class="policy-label">Near-expiry actions (expired lots are always blocked)</span>
          @for (a of actions(); track $index; let i = $index) {
            <div class="condition-row" data-testid="expiry-action">
              <mat-form-field appearance="outline" subscriptSizing="dynamic" class="dense days">
                <mat-label>Within days</mat-label>
                <input
                  matInput
                  type="number"
                  min="0"
                  [value]="a['withinDays']"
                  [disabled]="readonly()"
                  [mwServerInvalid]="fields().invalid(at('actions[' + i + '].withinDays'))"
                  (change)="setAction(i, 'withinDays', $any($event.target).value)"
                />
                <mat-error>
                  @if (fields().control(at('actions[' + i + '].withinDays')); as c) {
                    <mw-field-error [control]="c" />
                  }
                </mat-error>
              </mat-form-field>
              <mat-form-field appearance="outline" subscriptSizing="dynamic" class="dense">
                <mat-label>Action</mat-label>
                <mat-select
                  [value]="a['action']"
                  [disabled]="readonly()"
                  [mwServerInvalid]="fields().invalid(at('actions[' + i + '].action'))"
                  (valueChange)="setAction(i, 'action', $event)"
                >
                  @for (o of expiryActions; track o) {
                    <mat-option [value]="o">{{ o }}</mat-option>
                  }
                </mat-select>
                <mat-error>
                  @if (fields().control(at('actions[' + i + '].action')); as c) {
                    <mw-field-error [control]="c" />
                  }
                </mat-error>
              </mat-form-field>
              @if (a['action'] === 'discount') {
                <mat-form-field appearance="outline" subscriptSizing="dynamic" class="dense days">
                  <mat-label>Discount %</mat-label>
                  <input
                    matInput
                    type="number"
                    min="0"
                    max="100"
                    [value]="a['discountPercent']"
                    [disabled]="readonly()"
                    [mwServerInvalid]="fields().invalid(at('actions[' + i + '].discountPercent'))"
                    (change)="setAction(i, 'discountPercent', $any($event.target).value)"
                  />
                  <mat-error>
                    @if (fields().control(at('actions[' + i + '].discountPercent')); as c) {
                      <mw-field-error [control]="c" />
                    }
                  </mat-error>
                </mat-form-field>
              }
              @if (!readonly()) {
                <button mat-button type="button" (click)="removeAction(i)">Remove</button>
              }
            </div>
          }
          @if (!readonly()) {
            <button mat-button type="button" data-testid="expiry-action-add" (click)="addAction()">+ Action</button>
          }
        </div>
      }
      @if (choices().length === 0 && type() !== 'expiry') {
        <p class="muted">This rule-set type has no form yet; edit its policy in the JSON view.</p>
      }
    </div>
  `,
  styleUrl: './rules.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SimplePolicyEditor {
  readonly type = input.required<string>();
  readonly policy = input.required<RulePolicy>();
  /** The policy's JSON path (`$.rules[0].event.params`, `$.defaultPolicy`), as the server names its problems. */
  readonly path = input.required<string>();
  readonly fields = input.required<PathFieldErrors>();
  readonly readonly = input(false);
  readonly policyChange = output<RulePolicy>();

  protected readonly expiryActions = EXPIRY_ACTIONS;
  protected readonly choices = computed(() => POLICY_CHOICES[this.type()] ?? []);
  /** The number fields of the policy (lot sizing's by kind, subcontract consumption's tolerance; none for others). */
  protected readonly lotFields = computed(() => policyNumberFields(this.type(), this.policy()));
  protected readonly actions = computed<ExpiryAction[]>(() => {
    const actions = this.policy()['actions'];
    return Array.isArray(actions) ? actions.filter(isRecord) : [];
  });

  protected at(key: string): string {
    return `${this.path()}.${key}`;
  }

  protected set(key: string, value: unknown): void {
    // Another lot-size kind takes other numbers (the server refuses the old kind's keys): start from its defaults.
    const defaults = KIND_DEFAULTS[this.type()];
    if (defaults && key === 'kind') {
      this.policyChange.emit(structuredClone(defaults[String(value)] ?? { kind: value }));
      return;
    }
    this.policyChange.emit({ ...this.policy(), [key]: value });
  }

  protected setLotNumber(key: string, raw: string): void {
    this.policyChange.emit(withLotSizeNumber(this.policy(), key, raw));
  }

  /** Numbers arrive as text; only a discount carries a percent (the server insists). */
  protected setAction(index: number, key: string, raw: unknown): void {
    const value = key === 'action' ? raw : Number(raw);
    const action: ExpiryAction = { ...this.actions()[index], [key]: value };
    if (action['action'] !== 'discount') delete action['discountPercent'];
    else if (action['discountPercent'] === undefined) action['discountPercent'] = 10;
    this.set('actions', replaceAt(this.actions(), index, action));
  }

  protected addAction(): void {
    this.set('actions', [...this.actions(), { withinDays: 7, action: 'alert' }]);
  }

  protected removeAction(index: number): void {
    this.set('actions', removeAt(this.actions(), index));
  }
}
