import { ChangeDetectionStrategy, Component, computed, input, output } from '@angular/core';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { RulePolicy } from '../../shared/api.types';
import { FieldError } from '../../shared/field-error';
import { ALLOCATABLE_STATUSES, PARTIAL_POLICIES } from './rule-catalogue';
import { isRecord } from './rule-content';
import { PathFieldErrors } from './rule-errors';
import { shelfLifeMode } from './rule-fields';
import { ServerInvalid } from './server-invalid';
import { SortKeyList } from './sort-key-list';

type ShelfLifeMode = ReturnType<typeof shelfLifeMode>;

const strings = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];

/** An allocation policy: which stock may be used (filters), in which order (sort keys), and what to do when short. */
@Component({
  selector: 'mw-allocation-policy-editor',
  imports: [MatFormFieldModule, MatInputModule, MatSelectModule, SortKeyList, FieldError, ServerInvalid],
  template: `
    <div class="policy" data-testid="allocation-policy">
      <div class="policy-line">
        <span class="policy-label">Take stock in this order</span>
        <mw-sort-key-list
          [keys]="sortKeys()"
          [readonly]="readonly()"
          [error]="fields().control(at('sortKeys'))"
          (keysChange)="set('sortKeys', $event)"
        />
      </div>
      <div class="policy-fields">
        <mat-form-field appearance="outline" subscriptSizing="dynamic" class="dense wide">
          <mat-label>When a line cannot be covered</mat-label>
          <mat-select
            data-testid="policy-partial"
            [value]="policy()['partial']"
            [disabled]="readonly()"
            [mwServerInvalid]="fields().invalid(at('partial'))"
            (valueChange)="set('partial', $event)"
          >
            @for (p of partials; track p) {
              <mat-option [value]="p" data-testid="policy-partial-option" [attr.data-value]="p">{{ p }}</mat-option>
            }
          </mat-select>
          <mat-error>
            @if (fields().control(at('partial')); as c) {
              <mw-field-error [control]="c" />
            }
          </mat-error>
        </mat-form-field>
        <mat-form-field appearance="outline" subscriptSizing="dynamic" class="dense wide">
          <mat-label>Minimum remaining shelf life</mat-label>
          <mat-select
            data-testid="policy-shelf-life-mode"
            [value]="shelfLifeMode()"
            [disabled]="readonly()"
            [mwServerInvalid]="shelfLifeMode() !== 'days' && fields().invalid(at('filters.minRemainingShelfLifeDays'))"
            (valueChange)="setShelfLifeMode($event)"
          >
            <mat-option value="none">No minimum</mat-option>
            <mat-option value="customer">The customer's minimum</mat-option>
            <mat-option value="days">A fixed number of days</mat-option>
          </mat-select>
          <mat-error>
            @if (shelfLifeMode() !== 'days' ? fields().control(at('filters.minRemainingShelfLifeDays')) : null; as c) {
              <mw-field-error [control]="c" />
            }
          </mat-error>
        </mat-form-field>
        @if (shelfLifeMode() === 'days') {
          <mat-form-field appearance="outline" subscriptSizing="dynamic" class="dense days">
            <mat-label>Days</mat-label>
            <input
              matInput
              type="number"
              min="0"
              step="1"
              data-testid="policy-shelf-life-days"
              [value]="filters()['minRemainingShelfLifeDays']"
              [disabled]="readonly()"
              [mwServerInvalid]="fields().invalid(at('filters.minRemainingShelfLifeDays'))"
              (change)="setFilter('minRemainingShelfLifeDays', toNumber($any($event.target).value))"
            />
            <mat-error>
              @if (fields().control(at('filters.minRemainingShelfLifeDays')); as c) {
                <mw-field-error [control]="c" />
              }
            </mat-error>
          </mat-form-field>
        }
        <mat-form-field appearance="outline" subscriptSizing="dynamic" class="dense wide">
          <mat-label>Stock statuses</mat-label>
          <mat-select
            multiple
            data-testid="policy-statuses"
            [value]="statuses()"
            [disabled]="readonly()"
            [mwServerInvalid]="fields().invalid(at('filters.statuses'))"
            (valueChange)="setFilter('statuses', $event)"
          >
            @for (s of allStatuses; track s) {
              <mat-option [value]="s">{{ s }}</mat-option>
            }
          </mat-select>
          <mat-error>
            @if (fields().control(at('filters.statuses')); as c) {
              <mw-field-error [control]="c" />
            }
          </mat-error>
        </mat-form-field>
        <mat-form-field appearance="outline" subscriptSizing="dynamic" class="dense wide">
          <mat-label>Allowed warehouses</mat-label>
          <input
            matInput
            data-testid="policy-warehouses"
            placeholder="all (or MAIN, EAST)"
            [value]="warehouses()"
            [disabled]="readonly()"
            [mwServerInvalid]="fields().invalid(at('filters.allowedWarehouses'))"
            (change)="setWarehouses($any($event.target).value)"
          />
          <mat-error>
            @if (fields().control(at('filters.allowedWarehouses')); as c) {
              <mw-field-error [control]="c" />
            }
          </mat-error>
        </mat-form-field>
      </div>
      <p class="muted small">Expired lots are never allocated; quarantined and blocked stock never either.</p>
    </div>
  `,
  styleUrl: './rules.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class AllocationPolicyEditor {
  readonly policy = input.required<RulePolicy>();
  /** The policy's JSON path (`$.rules[0].event.params`, `$.defaultPolicy`), as the server names its problems. */
  readonly path = input.required<string>();
  readonly fields = input.required<PathFieldErrors>();
  readonly readonly = input(false);
  readonly policyChange = output<RulePolicy>();

  protected readonly partials = PARTIAL_POLICIES;
  protected readonly allStatuses = ALLOCATABLE_STATUSES;
  protected readonly filters = computed(() => {
    const filters = this.policy()['filters'];
    return isRecord(filters) ? filters : {};
  });
  protected readonly sortKeys = computed(() => strings(this.policy()['sortKeys']));
  protected readonly statuses = computed(() => {
    const statuses = strings(this.filters()['statuses']);
    return statuses.length > 0 ? statuses : ['available'];
  });
  protected readonly warehouses = computed(() => strings(this.filters()['allowedWarehouses']).join(', '));
  protected readonly shelfLifeMode = computed(() => shelfLifeMode(this.filters()['minRemainingShelfLifeDays']));

  protected at(key: string): string {
    return `${this.path()}.${key}`;
  }

  protected set(key: string, value: unknown): void {
    this.policyChange.emit({ ...this.policy(), [key]: value });
  }

  /** Sets a filter; undefined removes it (an optional filter that is absent means "no restriction"). */
  protected setFilter(key: string, value: unknown): void {
    const filters: Record<string, unknown> = { ...this.filters(), [key]: value };
    if (value === undefined) delete filters[key];
    this.set('filters', filters);
  }

  protected setShelfLifeMode(mode: ShelfLifeMode): void {
    const values: Record<ShelfLifeMode, unknown> = { none: undefined, customer: 'customer', days: 30 };
    this.setFilter('minRemainingShelfLifeDays', values[mode]);
  }

  protected setWarehouses(text: string): void {
    const codes = text
      .split(',')
      .map((code) => code.trim().toUpperCase())
      .filter((code) => code !== '');
    this.setFilter('allowedWarehouses', codes.length > 0 ? codes : undefined);
  }

  /** Numbers typed as text; anything else is kept so the server's message says what is wrong. */
  protected toNumber(text: string): unknown {
    return text.trim() !== '' && Number.isFinite(Number(text)) ? Number(text) : text;
  }
}
