import { DecimalPipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, input, linkedSignal, output } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatSelectModule } from '@angular/material/select';

/** Where a return line's goods lie (the task payload, workflows/supplier-return/supplier-return.contract.ts). */
export interface ReturnStockPlace {
  location: string;
  status: string;
  free: number;
}

export interface SupplierReturnTaskPayload {
  returnNumber: string;
  orderNumber: string;
  supplierName: string;
  warehouseCode: string;
  replace: boolean;
  refusal?: string;
  lines: {
    lineNo: number;
    itemSku: string;
    itemName: string;
    uom: string;
    lotCode: string | null;
    quantity: number;
    reason: string;
    stock: ReturnStockPlace[];
  }[];
}

export interface SupplierReturnPicks {
  picks: { lineNo: number; fromLocation: string; status: string; quantity: number }[];
}

const placeKey = (place: ReturnStockPlace) => `${place.location}|${place.status}`;

/**
 * The return task: per line the clerk chooses the place the goods are picked from (bin and stock status, with what is
 * free there); each line is picked in full from its place. Places holding less than the line are not offered.
 */
@Component({
  selector: 'mw-supplier-return-form',
  imports: [DecimalPipe, MatButtonModule, MatFormFieldModule, MatSelectModule],
  template: `
    <p data-testid="return-header">
      Return <strong>{{ payload().returnNumber }}</strong> to {{ payload().supplierName }} · purchase order
      {{ payload().orderNumber }} · warehouse {{ payload().warehouseCode }}
      @if (payload().replace) {
        · the supplier replaces the goods
      }
    </p>
    @if (payload().refusal; as refusal) {
      <p class="error" role="alert" data-testid="return-refusal">{{ refusal }}</p>
    }
    <table class="lines">
      <tbody>
        @for (line of payload().lines; track line.lineNo; let i = $index) {
          <tr data-testid="return-line" [attr.data-line-no]="line.lineNo">
            <td>{{ line.lineNo }}</td>
            <td>{{ line.itemSku }} — {{ line.itemName }}{{ line.lotCode ? ' · lot ' + line.lotCode : '' }}</td>
            <td class="num">{{ line.quantity | number }} {{ line.uom }}</td>
            <td>{{ line.reason }}</td>
            <td>
              <mat-form-field appearance="outline" subscriptSizing="dynamic">
                <mat-select
                  data-testid="return-place"
                  placeholder="Pick from"
                  [attr.aria-label]="'Pick line ' + line.lineNo + ' from'"
                  [value]="places()[i] ?? ''"
                  [disabled]="readonly()"
                  (selectionChange)="setPlace(i, $event.value)"
                >
                  @for (place of line.stock; track place.location + place.status) {
                    @if (place.free >= line.quantity) {
                      <mat-option [value]="key(place)" data-testid="return-place-option">
                        {{ place.location }} ({{ place.status }}, {{ place.free | number }} free)
                      </mat-option>
                    }
                  }
                </mat-select>
              </mat-form-field>
            </td>
          </tr>
        }
      </tbody>
    </table>
    @if (!readonly()) {
      <button
        mat-flat-button
        type="button"
        data-testid="task-complete"
        [disabled]="missing() > 0 || busy()"
        (click)="submit()"
      >
        Confirm picked for return
      </button>
    }
  `,
  styles: `
    .error {
      color: var(--mat-sys-error, #b00020);
    }
    .num {
      text-align: right;
    }
    td {
      padding: 4px 8px 4px 0;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SupplierReturnForm {
  readonly payload = input.required<SupplierReturnTaskPayload>();
  readonly readonly = input(false);
  readonly busy = input(false);
  readonly confirmed = output<SupplierReturnPicks>();

  /** The chosen place per line; a single place that holds enough is chosen already. */
  protected readonly places = linkedSignal<string[]>(() =>
    this.payload().lines.map((line) => {
      const enough = line.stock.filter((place) => place.free >= line.quantity);
      return enough.length === 1 && enough[0] ? placeKey(enough[0]) : '';
    }),
  );
  protected readonly missing = computed(() => this.places().filter((place) => place === '').length);
  protected readonly key = placeKey;

  protected setPlace(index: number, key: string): void {
    this.places.update((all) => all.map((place, i) => (i === index ? key : place)));
  }

  protected submit(): void {
    if (this.missing() > 0 || this.readonly() || this.busy()) return;
    const places = this.places();
    this.confirmed.emit({
      picks: this.payload().lines.map((line, i) => {
        const [fromLocation = '', status = 'available'] = (places[i] ?? '').split('|');
        return { lineNo: line.lineNo, fromLocation, status, quantity: line.quantity };
      }),
    });
  }
}
