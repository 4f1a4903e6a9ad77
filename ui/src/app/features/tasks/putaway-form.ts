import { DecimalPipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, input, linkedSignal, output } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatSelectModule } from '@angular/material/select';
import { PutawayOutcome, PutawayTaskPayload } from './receipt-task.types';
import { ScanFallback, ScanField, ScanTarget } from './scan-field';

function storedBins(outcome: unknown): PutawayOutcome['lines'] | null {
  const lines = (outcome as Partial<PutawayOutcome> | null)?.lines;
  return Array.isArray(lines) ? lines : null;
}

/** Putaway: every line received at the dock goes into one bin of the same warehouse. */
@Component({
  selector: 'mw-putaway-form',
  imports: [DecimalPipe, MatButtonModule, MatFormFieldModule, MatSelectModule, ScanField],
  template: `
    <div class="header" data-testid="putaway-order">
      <div>
        <span class="muted">Purchase order</span>
        <strong data-testid="putaway-order-number">{{ payload().orderNumber }}</strong>
      </div>
      <div>
        <span class="muted">From dock</span>
        <strong data-testid="putaway-dock">{{ payload().dockLocation }}</strong>
        <span class="muted">({{ payload().warehouseCode }})</span>
      </div>
    </div>

    @if (!readonly()) {
      <mw-scan-field
        [targets]="scanTargets()"
        [fallback]="binScanned"
        label="Scan an item or lot, then its bin"
        kinds="an item, lot or bin"
        placeholder="e.g. an item code, then MAIN-A03"
      />
    }

    <table class="lines">
      <thead>
        <tr>
          <th>Line</th>
          <th>Item</th>
          <th>Lot</th>
          <th>Expires</th>
          <th class="num">Quantity</th>
          <th>Put into bin</th>
        </tr>
      </thead>
      <tbody>
        @for (line of payload().lines; track line.lineNo; let i = $index) {
          <tr data-testid="putaway-line" [attr.data-line-no]="line.lineNo" [attr.data-item-sku]="line.itemSku">
            <td data-label="Line">{{ line.lineNo }}</td>
            <td data-label="Item">{{ line.itemSku }} — {{ line.itemName }}</td>
            <td data-label="Lot" data-testid="putaway-lot">{{ line.lotCode ?? '—' }}</td>
            <td data-label="Expires">
              {{ line.expiresOn ?? '—' }}
              @if (line.expiryFlag) {
                <div
                  class="expiry-flag"
                  data-testid="putaway-expiry-flag"
                  [class.expired]="line.expiryFlag === 'expired'"
                  [attr.data-flag]="line.expiryFlag"
                >
                  @if (line.expiryFlag === 'expired') {
                    expired on arrival: blocked
                  } @else {
                    near expiry: {{ line.expiryAction?.action ?? 'flagged' }}
                  }
                </div>
              }
            </td>
            <td class="num" data-label="Quantity">{{ line.quantity | number }} {{ line.uom }}</td>
            <td data-label="Put into bin">
              <mat-form-field appearance="outline" subscriptSizing="dynamic" class="bin">
                <mat-select
                  data-testid="putaway-bin"
                  [attr.data-scan-key]="'line:' + line.lineNo"
                  placeholder="Choose a bin"
                  [attr.aria-label]="'Bin for line ' + line.lineNo"
                  [value]="bins()[i] ?? ''"
                  [disabled]="readonly()"
                  (selectionChange)="setBin(i, $event.value)"
                >
                  @for (code of payload().locations; track code) {
                    <mat-option [value]="code" data-testid="putaway-bin-option">{{ code }}</mat-option>
                  }
                </mat-select>
              </mat-form-field>
            </td>
          </tr>
        }
      </tbody>
    </table>

    @if (!readonly()) {
      @if (missing() > 0) {
        <p class="muted" data-testid="putaway-missing">Choose a bin for every line ({{ missing() }} left).</p>
      }
      <button
        mat-flat-button
        type="button"
        data-testid="task-complete"
        [disabled]="missing() > 0 || busy()"
        (click)="submit()"
      >
        Confirm putaway
      </button>
    }
  `,
  styleUrl: './receipt-forms.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class PutawayForm {
  readonly payload = input.required<PutawayTaskPayload>();
  readonly readonly = input(false);
  readonly busy = input(false);
  /** For finished tasks: the bins actually chosen. */
  readonly outcome = input<unknown>(null);
  readonly confirmed = output<PutawayOutcome>();

  protected readonly bins = linkedSignal<string[]>(() => {
    const stored = storedBins(this.outcome());
    return this.payload().lines.map((line) => stored?.find((s) => s.lineNo === line.lineNo)?.toLocation ?? '');
  });

  protected readonly missing = computed(() => this.bins().filter((bin) => bin === '').length);

  /** A scanned item or lot code jumps to its line's bin. */
  protected readonly scanTargets = computed<ScanTarget[]>(() =>
    this.payload().lines.map((line) => ({
      key: `line:${line.lineNo}`,
      codes: [line.itemSku, line.lotCode],
      label: `line ${line.lineNo} · ${line.itemSku}${line.lotCode ? ` lot ${line.lotCode}` : ''}`,
    })),
  );

  /** A bin scanned after a line puts that line into it (a bin of this warehouse only). */
  protected readonly binScanned: ScanFallback = (code, lastKey) => {
    const bin = this.payload().locations.find((candidate) => candidate.toUpperCase() === code);
    const index = this.payload().lines.findIndex((line) => `line:${line.lineNo}` === lastKey);
    if (!bin || index < 0) return null;
    this.setBin(index, bin);
    return `line ${this.payload().lines[index]?.lineNo} → ${bin}`;
  };

  protected setBin(index: number, code: string): void {
    this.bins.update((all) => all.map((bin, i) => (i === index ? code : bin)));
  }

  protected submit(): void {
    if (this.missing() > 0 || this.readonly() || this.busy()) return;
    const bins = this.bins();
    this.confirmed.emit({
      lines: this.payload().lines.map((line, i) => ({ lineNo: line.lineNo, toLocation: bins[i] ?? '' })),
    });
  }
}
