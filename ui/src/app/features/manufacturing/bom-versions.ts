import { DecimalPipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { BomVersion } from './manufacturing.types';

/** An item's BOM versions, newest first, each with its lines (versions never change once created). */
@Component({
  selector: 'mw-bom-versions',
  imports: [DecimalPipe],
  template: `
    @for (v of versions(); track v.version) {
      <div class="version" data-testid="bom-version" [attr.data-version]="v.version">
        <p>
          <strong>v{{ v.version }}</strong> from {{ v.effectiveFrom }}
          @if (v.phantom) {
            · <em>phantom</em>
          }
          @if (v.note) {
            · {{ v.note }}
          }
          @if (v.createdBy) {
            <span class="muted"> · by {{ v.createdBy }}</span>
          }
        </p>
        <div class="scroll">
          <table class="plain">
            <thead>
              <tr>
                <th class="num">Line</th>
                <th>Component</th>
                <th class="num">Qty per</th>
                <th class="num">Scrap %</th>
                <th>Supplied by</th>
              </tr>
            </thead>
            <tbody>
              @for (line of v.lines; track line.lineNo) {
                <tr data-testid="bom-version-line" [attr.data-sku]="line.componentSku">
                  <td class="num">{{ line.lineNo }}</td>
                  <td>
                    {{ line.componentSku }} <span class="muted">{{ line.name ?? '' }}</span>
                  </td>
                  <td class="num">{{ line.quantityPer | number: '1.0-6' }}</td>
                  <td class="num">{{ line.scrapPercent | number: '1.0-4' }}</td>
                  <td data-testid="bom-line-provision" [attr.data-provision]="line.provision ?? 'ours'">
                    {{ line.provision === 'customer' ? 'Customer' : 'Us' }}
                  </td>
                </tr>
              }
            </tbody>
          </table>
        </div>
      </div>
    } @empty {
      <p class="muted" data-testid="bom-versions-none">No BOM yet: create the first version below.</p>
    }
  `,
  styleUrl: './manufacturing-forms.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class BomVersionsList {
  readonly versions = input.required<BomVersion[]>();
}
