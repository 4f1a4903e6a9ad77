import { DecimalPipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, input, linkedSignal, output } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { GoodsReceiptOutcome, GoodsReceiptPayload, ReceiptTaskLine, ReceivedLineInput } from './receipt-task.types';

/** What the clerk typed for one line, kept as raw text so re-rendering never rewrites a half-typed value. */
interface LineEntry {
  quantity: string;
  lotCode: string;
  manufacturedOn: string;
  expiresOn: string;
}

type EntryField = keyof LineEntry;

function receivedLines(outcome: unknown): ReceivedLineInput[] | null {
  const lines = (outcome as Partial<GoodsReceiptOutcome> | null)?.lines;
  return Array.isArray(lines) ? lines : null;
}

function parseQty(raw: string): number {
  return raw.trim() === '' ? 0 : Number(raw);
}

/** The same rules the workflow's validator applies; the server stays the authority. */
function lineProblem(line: ReceiptTaskLine, entry: LineEntry): string | null {
  const quantity = parseQty(entry.quantity);
  if (!Number.isFinite(quantity) || quantity < 0) return 'Quantity must be a number of zero or more.';
  if (quantity === 0) return null;
  if (quantity > line.orderedQuantity) return `At most ${line.orderedQuantity} ${line.uom} were ordered.`;
  if (!line.lotTracked) return null;
  if (entry.lotCode.trim() === '') return 'Lot code is required for this item.';
  if (entry.manufacturedOn && entry.expiresOn && entry.expiresOn <= entry.manufacturedOn) {
    return 'Expiry must be after the manufacture date.';
  }
  return null;
}

function addDays(isoDate: string, days: number): string {
  return new Date(Date.parse(`${isoDate}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/**
 * Goods receipt: per purchase-order line, the quantity that arrived (prefilled with what was ordered; zero or
 * empty = not received, a partial receipt) and, for lot-tracked items, the supplier's lot and its dates.
 */
@Component({
  selector: 'mw-goods-receipt-form',
  imports: [DecimalPipe, MatButtonModule],
  templateUrl: './goods-receipt-form.html',
  styleUrl: './receipt-forms.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class GoodsReceiptForm {
  readonly payload = input.required<GoodsReceiptPayload>();
  readonly readonly = input(false);
  readonly busy = input(false);
  /** For finished tasks: what was actually received, shown instead of the order. */
  readonly outcome = input<unknown>(null);
  readonly confirmed = output<GoodsReceiptOutcome>();

  protected readonly entries = linkedSignal<LineEntry[]>(() => {
    const received = receivedLines(this.outcome());
    return this.payload().lines.map((line) => {
      if (!received) return { quantity: String(line.orderedQuantity), lotCode: '', manufacturedOn: '', expiresOn: '' };
      const match = received.find((r) => r.lineNo === line.lineNo);
      return {
        quantity: String(match?.quantity ?? 0),
        lotCode: match?.lotCode ?? '',
        manufacturedOn: match?.manufacturedOn ?? '',
        expiresOn: match?.expiresOn ?? '',
      };
    });
  });

  protected readonly problems = computed(() =>
    this.payload().lines.map((line, i) => {
      const entry = this.entries()[i];
      return entry ? lineProblem(line, entry) : null;
    }),
  );

  protected readonly nothingReceived = computed(() => this.entries().every((e) => parseQty(e.quantity) === 0));
  protected readonly invalid = computed(() => this.nothingReceived() || this.problems().some((p) => p !== null));

  /** The expiry the server will default to when the clerk leaves it empty. */
  protected defaultExpiry(line: ReceiptTaskLine, entry: LineEntry | undefined): string | null {
    if (line.shelfLifeDays === null) return null;
    const base = entry?.manufacturedOn || new Date().toISOString().slice(0, 10);
    return addDays(base, line.shelfLifeDays);
  }

  protected set(index: number, field: EntryField, value: string): void {
    this.entries.update((all) => all.map((entry, i) => (i === index ? { ...entry, [field]: value } : entry)));
  }

  protected submit(): void {
    if (this.invalid() || this.readonly() || this.busy()) return;
    const entries = this.entries();
    const lines: ReceivedLineInput[] = [];
    this.payload().lines.forEach((line, i) => {
      const entry = entries[i];
      const quantity = parseQty(entry?.quantity ?? '');
      if (!entry || quantity <= 0) return; // not received this time
      const received: ReceivedLineInput = { lineNo: line.lineNo, quantity };
      if (line.lotTracked) {
        received.lotCode = entry.lotCode.trim();
        if (entry.manufacturedOn) received.manufacturedOn = entry.manufacturedOn;
        if (entry.expiresOn) received.expiresOn = entry.expiresOn;
      }
      lines.push(received);
    });
    this.confirmed.emit({ lines });
  }
}
