import { DecimalPipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, input, linkedSignal, output, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { expiryFlagOf, flagText, type LineFlag } from './receipt-expiry-flags';
import { GoodsReceiptOutcome, GoodsReceiptPayload, ReceiptTaskLine, ReceivedLineInput } from './receipt-task.types';
import { ScanField, ScanTarget } from './scan-field';

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
  if (line.maxQuantity !== undefined && quantity > line.maxQuantity) {
    return `At most ${line.maxQuantity} ${line.uom} may still be received (${line.openQuantity ?? 0} open plus the over-delivery tolerance).`;
  }
  if (line.maxQuantity === undefined && quantity > line.orderedQuantity) {
    return `At most ${line.orderedQuantity} ${line.uom} were ordered.`;
  }
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

/** A `datetime-local` value (the browser's local time, to the minute) for an instant. */
function localDateTime(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  const day = `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
  return `${day}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** The instant a `datetime-local` value means (local time), or null when it is not one. */
function instantOf(local: string): Date | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(local)) return null;
  const date = new Date(local);
  return Number.isFinite(date.getTime()) ? date : null;
}

/** The same date rules as the workflow's validator: not in the future, not in a closed period. */
function receivedAtProblem(local: string, openFrom: string | null | undefined): string | null {
  const at = instantOf(local);
  if (!at) return 'Enter when the goods arrived.';
  if (at.getTime() > Date.now() + 60_000) return 'Goods cannot arrive in the future.';
  if (openFrom && at.toISOString().slice(0, 10) < openFrom) {
    return `That date lies in a closed period; receipts may be dated from ${openFrom}.`;
  }
  return null;
}

/**
 * Goods receipt: when the goods arrived (default now, never later), and per purchase-order line the quantity that
 * arrived (prefilled with what was ordered; zero or empty = not received, a partial receipt) and, for lot-tracked
 * items, the supplier's lot and its dates. A lot already expired on the receipt date, or inside the expiry rules'
 * near-expiry window, is flagged before the clerk confirms.
 */
@Component({
  selector: 'mw-goods-receipt-form',
  imports: [DecimalPipe, MatButtonModule, ScanField],
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
      // Prefilled with what is still open (one delivery of several), or with what was ordered on older receipts.
      const expected = line.openQuantity ?? line.orderedQuantity;
      if (!received) return { quantity: String(expected), lotCode: '', manufacturedOn: '', expiresOn: '' };
      const match = received.find((r) => r.lineNo === line.lineNo);
      return {
        quantity: String(match?.quantity ?? 0),
        lotCode: match?.lotCode ?? '',
        manufacturedOn: match?.manufacturedOn ?? '',
        expiresOn: match?.expiresOn ?? '',
      };
    });
  });

  /** A scanned item code jumps to its line's received quantity. */
  protected readonly scanTargets = computed<ScanTarget[]>(() =>
    this.payload().lines.map((line) => ({
      key: `line:${line.lineNo}`,
      codes: [line.itemSku],
      label: `line ${line.lineNo} · ${line.itemSku}`,
    })),
  );

  /** When the goods arrived, as the `datetime-local` field holds it. */
  protected readonly receivedAt = linkedSignal<string>(() => {
    const recorded = (this.outcome() as Partial<GoodsReceiptOutcome> | null)?.receivedAt;
    return localDateTime(recorded ? new Date(recorded) : new Date());
  });
  /** Whether the clerk changed the arrival time; untouched, the receipt is dated when it is confirmed. */
  private readonly receivedAtTouched = signal(false);
  /** The latest the field offers: now (the server refuses anything later). */
  protected readonly maxReceivedAt = localDateTime(new Date());
  protected readonly receivedAtProblem = computed(() =>
    this.readonly() ? null : receivedAtProblem(this.receivedAt(), this.payload().receiptOpenFrom),
  );
  /** The receipt day the flags are computed for (UTC, the books' calendar, as the server computes it). */
  private readonly receivedOn = computed(() => instantOf(this.receivedAt())?.toISOString().slice(0, 10) ?? '');

  /** Per line: expired or near expiry on the receipt date (null: neither, or no expiry to judge by). */
  protected readonly flags = computed<Array<{ flag: LineFlag; text: string } | null>>(() =>
    this.payload().lines.map((line, i) => {
      const entry = this.entries()[i];
      if (!line.lotTracked || !entry || parseQty(entry.quantity) <= 0) return null;
      const flag = expiryFlagOf(entry.expiresOn || this.defaultExpiry(line, entry), this.receivedOn(), line.expiry);
      return flag ? { flag, text: flagText(flag) } : null;
    }),
  );

  protected readonly problems = computed(() =>
    this.payload().lines.map((line, i) => {
      const entry = this.entries()[i];
      return entry ? lineProblem(line, entry) : null;
    }),
  );

  protected readonly nothingReceived = computed(() => this.entries().every((e) => parseQty(e.quantity) === 0));
  protected readonly invalid = computed(
    () => this.nothingReceived() || this.receivedAtProblem() !== null || this.problems().some((p) => p !== null),
  );

  /** The expiry the server will default to when the clerk leaves it empty (manufactured on the receipt day). */
  protected defaultExpiry(line: ReceiptTaskLine, entry: LineEntry | undefined): string | null {
    if (line.shelfLifeDays === null) return null;
    const base = entry?.manufacturedOn || this.receivedOn() || new Date().toISOString().slice(0, 10);
    return addDays(base, line.shelfLifeDays);
  }

  protected setReceivedAt(value: string): void {
    this.receivedAtTouched.set(true);
    this.receivedAt.set(value);
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
    const at = this.receivedAtTouched() ? instantOf(this.receivedAt()) : new Date();
    this.confirmed.emit(at ? { lines, receivedAt: at.toISOString() } : { lines });
  }
}
