import { DecimalPipe, PercentPipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { ProductionOperation } from './production-order.types';

/** The routing's operations as pinned on the order: good / scrap / hours reported and a progress bar each. */
@Component({
  selector: 'mw-production-order-operations',
  imports: [DecimalPipe, PercentPipe, MatProgressBarModule],
  template: `
    <ol class="operations" data-testid="prd-operations">
      @for (op of operations(); track op.seq) {
        <li
          data-testid="prd-operation"
          [attr.data-seq]="op.seq"
          [attr.data-good]="op.good"
          [attr.data-scrap]="op.scrap"
          [attr.data-status]="op.status"
        >
          <div class="head">
            <strong>{{ op.seq }} · {{ op.description }}</strong>
            <span class="muted">{{ op.workCentreCode }} · {{ op.workCentreName }}</span>
            <span class="spacer"></span>
            <span data-testid="prd-operation-progress">{{ op.progress | percent: '1.0-0' }}</span>
          </div>
          <mat-progress-bar
            mode="determinate"
            [value]="op.progress * 100"
            [attr.aria-label]="'Progress of operation ' + op.seq"
          />
          <div class="muted figures">
            good {{ op.good | number: '1.0-3' }} · scrap {{ op.scrap | number: '1.0-3' }} · labour
            {{ op.labourHours | number: '1.0-2' }} h · {{ op.status }}
          </div>
        </li>
      } @empty {
        <li class="muted" data-testid="prd-operations-none">The operations are listed once the order is released.</li>
      }
    </ol>
  `,
  styles: `
    .operations {
      list-style: none;
      margin: 0;
      padding: 0;
    }
    li {
      padding: 8px 0;
      border-bottom: 1px solid var(--mat-sys-outline-variant);
    }
    .head {
      display: flex;
      flex-wrap: wrap;
      gap: 4px 12px;
      align-items: baseline;
      margin-bottom: 4px;
    }
    .spacer {
      flex: 1;
    }
    .figures {
      margin-top: 4px;
      font-size: 13px;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ProductionOrderOperations {
  readonly operations = input.required<ProductionOperation[]>();
}
