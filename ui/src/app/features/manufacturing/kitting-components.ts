import { DecimalPipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { CoveringOrder, KittingComponent } from './manufacturing.types';

/**
 * One demand's components in a kitting analysis: required, available, short (highlighted) and the open purchase or
 * production orders covering the shortage, with what no supply covers. The kitting page shows it per demand and the
 * production order page for the order; `testIds` keeps each page's test ids (`<prefix>-component`, `-short`,
 * `-cover`, `-uncovered`).
 */
@Component({
  selector: 'mw-kitting-components',
  imports: [DecimalPipe],
  template: `
    <div class="scroll">
      <table class="plain">
        <thead>
          <tr>
            <th>Component</th>
            <th class="num">{{ requiredLabel() }}</th>
            <th class="num">Available</th>
            <th class="num">Short</th>
            <th>Covered by</th>
          </tr>
        </thead>
        <tbody>
          @for (c of components(); track c.componentSku) {
            <tr
              [attr.data-testid]="testIds() + '-component'"
              [attr.data-sku]="c.componentSku"
              [attr.data-short]="c.short"
              [class.short]="c.short > 0"
            >
              <td>
                {{ c.componentSku }} <span class="muted">{{ c.name }}</span>
              </td>
              <td class="num">{{ c.required | number: '1.0-6' }} {{ c.uom }}</td>
              <td class="num">{{ c.available | number: '1.0-6' }}</td>
              <td class="num" [attr.data-testid]="testIds() + '-short'">{{ c.short | number: '1.0-6' }}</td>
              <td>
                <ul class="covers">
                  @for (cover of c.coveredBy; track cover.type + cover.number + '/' + cover.lineNo) {
                    <li [attr.data-testid]="testIds() + '-cover'" [attr.data-number]="cover.number">
                      {{ coverName(cover) }}: {{ cover.quantity ?? cover.openQuantity | number: '1.0-6' }} of
                      {{ cover.openQuantity | number: '1.0-6' }} open
                      @if (cover.dueDate) {
                        · due {{ cover.dueDate }}
                      }
                    </li>
                  }
                </ul>
                @if (c.uncovered) {
                  <span class="uncovered" [attr.data-testid]="testIds() + '-uncovered'"
                    >{{ c.uncovered | number: '1.0-6' }} not covered</span
                  >
                }
              </td>
            </tr>
          }
        </tbody>
      </table>
    </div>
  `,
  styleUrl: './manufacturing-forms.scss',
  styles: `
    tr.short td {
      background: var(--mat-sys-error-container);
      color: var(--mat-sys-on-error-container);
    }
    .covers {
      margin: 0;
      padding: 0;
      list-style: none;
    }
    .uncovered {
      font-weight: 500;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class KittingComponents {
  readonly components = input.required<KittingComponent[]>();
  /** The column head of the requirement ("Required" for a demand, "Needed" for what an order still needs). */
  readonly requiredLabel = input('Required');
  /** The prefix of the rows' test ids. */
  readonly testIds = input('kitting');

  /** A purchase-order line as `PO-000123/2`; a production order, which covers as a whole, by its number. */
  protected coverName(cover: CoveringOrder): string {
    return cover.lineNo === null ? cover.number : `${cover.number}/${cover.lineNo}`;
  }
}
