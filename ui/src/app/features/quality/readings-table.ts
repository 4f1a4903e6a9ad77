import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { LINE_TABLE_STYLES } from '../../shared/line-table.styles';
import { InspectionLotDetail } from './quality.types';

/**
 * A lot's readings with their verdicts, a nonconforming one marked: the same table on the lot's page and in the
 * quality engineer's disposition form.
 */
@Component({
  selector: 'mw-readings-table',
  template: `
    <table class="lines" [attr.data-testid]="testId()">
      <thead>
        <tr>
          <th>Characteristic</th>
          <th>Unit</th>
          <th>Value</th>
          <th>Verdict</th>
        </tr>
      </thead>
      <tbody>
        @for (r of readings(); track $index) {
          <tr data-testid="qc-detail-reading" [attr.data-conforms]="r.conforms" [class.bad]="!r.conforms">
            <td>{{ r.characteristic }}</td>
            <td class="num">{{ r.sampleUnit }}</td>
            <td>{{ r.value }}</td>
            <td>{{ r.judgement }}</td>
          </tr>
        }
      </tbody>
    </table>
  `,
  styles: [
    LINE_TABLE_STYLES,
    `
      .bad {
        color: var(--mat-sys-error, #b3261e);
      }
    `,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ReadingsTable {
  readonly readings = input.required<InspectionLotDetail['readings']>();
  readonly testId = input('qc-detail-readings');
}
