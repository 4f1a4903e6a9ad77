import { DatePipe, DecimalPipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, input, linkedSignal, output } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import {
  ConfirmedPick,
  PickConfirmationOutcome,
  PickConfirmationPayload,
  PickLine,
  PickStop,
} from '../../shared/api.types';
import { PickListPrint } from './pick-list-print';
import { ScanField, ScanTarget } from './scan-field';

/** Parses a quantity field; '' or garbage is NaN so validation can flag it. */
function parseQty(raw: string): number {
  return raw.trim() === '' ? NaN : Number(raw);
}

function confirmedPicks(outcome: unknown): ConfirmedPick[] | null {
  const picks = (outcome as Partial<PickConfirmationOutcome> | null)?.picks;
  return Array.isArray(picks) ? picks : null;
}

const keyOf = (p: { lineNo: number; locationCode: string; lotCode: string | null }) =>
  `${p.lineNo}|${p.locationCode}|${p.lotCode ?? ''}`;

/** The stops to walk: the workflow's walking order, or (older tasks without one) the proposal in line order. */
function stopsOf(payload: PickConfirmationPayload): PickStop[] {
  if (payload.walk && payload.walk.length > 0) return payload.walk;
  return payload.lines
    .flatMap((line) => line.picks.map((pick) => ({ ...pick, lineNo: line.lineNo, itemSku: line.itemSku })))
    .map((stop, index) => ({ stop: index + 1, ...stop }));
}

/** A finished task's confirmed quantity per stop; a stop missing from the outcome was not picked (0). */
function quantitiesFromOutcome(stops: PickStop[], confirmed: ConfirmedPick[]): string[] {
  const left = new Map<string, number>();
  for (const pick of confirmed) left.set(keyOf(pick), (left.get(keyOf(pick)) ?? 0) + pick.quantity);
  return stops.map((stop) => {
    const available = left.get(keyOf(stop)) ?? 0;
    const taken = Math.min(available, stop.quantity);
    left.set(keyOf(stop), available - taken);
    return String(taken);
  });
}

export interface LineSummary {
  line: PickLine;
  proposed: number;
  confirmed: number;
}

/**
 * Pick confirmation: the picker walks the proposed bins in walking order and confirms what was actually taken at
 * each stop. Less than proposed is a short pick, 0 means "not found": the workflow blocks the missing stock and
 * allocates the shortfall elsewhere (or backorders it). Quantities stay the raw text typed, so re-rendering never
 * rewrites a half-typed number.
 */
@Component({
  selector: 'mw-pick-confirmation-form',
  imports: [DatePipe, DecimalPipe, MatButtonModule, PickListPrint, ScanField],
  templateUrl: './pick-confirmation-form.html',
  styleUrl: './pick-confirmation-form.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class PickConfirmationForm {
  readonly payload = input.required<PickConfirmationPayload>();
  /** Read-only for users who may not complete the task (e.g. auditors) or finished tasks. */
  readonly readonly = input(false);
  readonly busy = input(false);
  /** For finished tasks: what was actually confirmed, shown instead of the proposal. */
  readonly outcome = input<unknown>(null);
  readonly confirmed = output<PickConfirmationOutcome>();

  protected readonly stops = computed(() => stopsOf(this.payload()));
  protected readonly inWalkingOrder = computed(() => (this.payload().walk?.length ?? 0) > 0);

  protected readonly quantities = linkedSignal(() => {
    const confirmed = confirmedPicks(this.outcome());
    const stops = this.stops();
    return confirmed ? quantitiesFromOutcome(stops, confirmed) : stops.map((stop) => String(stop.quantity));
  });

  protected readonly problems = computed(() =>
    this.stops().map((stop, i) => {
      const qty = parseQty(this.quantities()[i] ?? '');
      if (!Number.isFinite(qty) || qty < 0) return 'Enter a number of zero or more.';
      if (qty > stop.quantity) return `At most ${stop.quantity} were allocated here.`;
      return null;
    }),
  );
  protected readonly invalid = computed(() => this.problems().some((problem) => problem !== null));

  protected readonly lineSummaries = computed<LineSummary[]>(() => {
    const stops = this.stops();
    const quantities = this.quantities();
    return this.payload()
      .lines.filter((line) => line.picks.length > 0)
      .map((line) => {
        let proposed = 0;
        let confirmed = 0;
        stops.forEach((stop, i) => {
          if (stop.lineNo !== line.lineNo) return;
          proposed += stop.quantity;
          const qty = parseQty(quantities[i] ?? '');
          confirmed += Number.isFinite(qty) && qty > 0 ? qty : 0;
        });
        return { line, proposed, confirmed };
      });
  });

  protected readonly nothingPicked = computed(() => this.lineSummaries().every((summary) => summary.confirmed === 0));
  protected readonly anyShort = computed(() => this.lineSummaries().some((s) => s.confirmed < s.proposed));

  /** A scanned bin, lot or item code jumps to its stop's quantity (a bin visited twice: the next stop there). */
  protected readonly scanTargets = computed<ScanTarget[]>(() =>
    this.stops().map((stop, i) => ({
      key: `stop:${i}`,
      codes: [stop.locationCode, stop.lotCode, stop.itemSku],
      label: `stop ${stop.stop} · ${stop.locationCode} · ${stop.itemSku}${stop.lotCode ? ` lot ${stop.lotCode}` : ''}`,
    })),
  );

  protected print(): void {
    window.print();
  }

  protected lineOf(lineNo: number): PickLine | undefined {
    return this.payload().lines.find((line) => line.lineNo === lineNo);
  }

  protected setQty(index: number, raw: string): void {
    this.quantities.update((all) => all.map((q, i) => (i === index ? raw : q)));
  }

  protected submit(): void {
    if (this.invalid() || this.readonly() || this.busy()) return;
    const quantities = this.quantities();
    const picks: ConfirmedPick[] = [];
    this.stops().forEach((stop, i) => {
      const quantity = parseQty(quantities[i] ?? '');
      // Zero means "not found here": the server expects only what was actually taken (none at all: []).
      if (quantity > 0)
        picks.push({ lineNo: stop.lineNo, locationCode: stop.locationCode, lotCode: stop.lotCode, quantity });
    });
    this.confirmed.emit({ picks });
  }
}
