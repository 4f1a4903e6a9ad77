import { JsonPipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { RuleConditionTrace, RuleLeafTrace } from '../../shared/api.types';
import { childrenOf, GROUP_LABELS, groupKind } from './rule-content';

/** How a condition tree evaluated: each group with its result, each leaf with the fact's actual value. */
@Component({
  selector: 'mw-condition-trace',
  imports: [JsonPipe],
  template: `
    @if (kind(); as k) {
      <div class="trace-group" [class.pass]="trace().result === true" [class.fail]="trace().result === false">
        <span class="trace-mark">{{ mark() }}</span> {{ labels[k] }}
        <div class="children">
          @for (child of children(); track $index) {
            <mw-condition-trace [trace]="child" />
          }
        </div>
      </div>
    } @else {
      <div
        class="trace-leaf"
        data-testid="trace-leaf"
        [attr.data-fact]="leaf().fact"
        [attr.data-result]="leaf().result"
        [class.pass]="leaf().result === true"
        [class.fail]="leaf().result === false"
      >
        <span class="trace-mark">{{ mark() }}</span>
        <span class="mono">{{ leaf().fact }}{{ leaf().path ? '.' + leaf().path : '' }}</span>
        <span class="muted">(is {{ leaf().factResult | json }})</span>
        <strong>{{ leaf().operator }}</strong>
        <span class="mono">{{ leaf().valueFact ? '@' + leaf().valueFact + ' = ' : '' }}{{ leaf().value | json }}</span>
      </div>
    }
  `,
  styleUrl: './rules.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ConditionTrace {
  readonly trace = input.required<RuleConditionTrace>();

  protected readonly labels = GROUP_LABELS;
  protected readonly kind = computed(() => groupKind(this.trace()));
  protected readonly children = computed(() => childrenOf(this.trace()));
  protected readonly leaf = computed(() => this.trace() as RuleLeafTrace);
  protected readonly mark = computed(() => {
    const marks = { true: '✓', false: '✗', null: '–' } as const;
    return marks[`${this.trace().result}` as 'true' | 'false' | 'null'];
  });
}
