import { DecimalPipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, effect, inject, input, signal } from '@angular/core';
import { MrpRunService } from './mrp-run.service';
import { PeggingTree } from './mrp-run.types';

/**
 * The pegging tree of one ref, both ways: up to the demands it serves (a planned order's chain up to the customer
 * order), down to what serves it (a sales order's supplies and their components' orders). A node walks from itself.
 */
@Component({
  selector: 'mw-mrp-pegging',
  imports: [DecimalPipe],
  template: `
    @if (tree(); as t) {
      <section class="pegging" data-testid="mrp-pegging" [attr.data-ref]="t.ref">
        <h3>Pegging of {{ t.ref }} ({{ t.kind }}, {{ t.sku }})</h3>
        @for (way of ways; track way.key) {
          @if (t[way.key].length) {
            <h4>{{ way.label }}</h4>
            <ul>
              @for (n of t[way.key]; track $index) {
                <li
                  [style.padding-left.rem]="n.depth * 1.5"
                  data-testid="mrp-peg-node"
                  [attr.data-way]="way.key"
                  [attr.data-kind]="n.kind"
                  [attr.data-ref]="n.ref"
                >
                  <button type="button" class="link" (click)="walk(n.ref)">{{ n.ref }}</button>
                  {{ n.kind }} · {{ n.sku }} · {{ n.quantity | number: '1.0-3' }} · {{ n.date }}
                </li>
              }
            </ul>
          }
        }
      </section>
    }
  `,
  styles: `
    .link {
      background: none;
      border: 0;
      padding: 0;
      color: var(--mat-sys-primary);
      cursor: pointer;
      font: inherit;
      text-decoration: underline;
    }
    ul {
      list-style: none;
      padding: 0;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class MrpPegging {
  private readonly service = inject(MrpRunService);
  readonly runId = input.required<number>();
  readonly ref = input.required<string>();
  protected readonly tree = signal<PeggingTree | null>(null);
  protected readonly ways = [
    { key: 'up', label: 'Serves (up to the customer order)' },
    { key: 'down', label: 'Served by (down to the components)' },
  ] as const;
  private readonly current = signal('');

  constructor() {
    effect(() => this.current.set(this.ref()));
    effect(() => {
      const ref = this.current();
      if (ref) this.service.pegging(this.runId(), ref).subscribe((tree) => this.tree.set(tree));
    });
  }

  protected walk(ref: string): void {
    this.current.set(ref);
  }
}
