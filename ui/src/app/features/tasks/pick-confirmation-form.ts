import { DatePipe, DecimalPipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, input, linkedSignal, output } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { ConfirmedPick, PickConfirmationOutcome, PickConfirmationPayload } from '../../shared/api.types';

/** Parses a quantity field; '' or garbage is NaN so validation can flag it. */
function parseQty(raw: string): number {
  return raw.trim() === '' ? NaN : Number(raw);
}

function confirmedPicks(outcome: unknown): ConfirmedPick[] | null {
  const picks = (outcome as Partial<PickConfirmationOutcome> | null)?.picks;
  return Array.isArray(picks) ? picks : null;
}

/**
 * Pick confirmation: the workflow proposed locations/lots (FEFO); the picker confirms or
 * corrects the quantity actually taken from each. Quantities are kept as the raw text the
 * user typed so re-rendering never rewrites a half-typed number.
 */
@Component({
  selector: 'mw-pick-confirmation-form',
  imports: [DatePipe, DecimalPipe, MatButtonModule],
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

  protected readonly columns = ['location', 'lot', 'expiry', 'proposed', 'confirmed'];

  protected readonly quantities = linkedSignal(() => {
    const confirmed = confirmedPicks(this.outcome());
    return this.payload().lines.map((line) =>
      line.picks.map((pick) => {
        if (!confirmed) return String(pick.quantity);
        const match = confirmed.find(
          (c) =>
            c.lineNo === line.lineNo && c.locationCode === pick.locationCode && (c.lotCode ?? null) === pick.lotCode,
        );
        return String(match?.quantity ?? 0); // omitted from the outcome = nothing taken there
      }),
    );
  });

  protected readonly lineTotals = computed(() =>
    this.quantities().map((line) => line.map(parseQty).reduce((sum, q) => sum + (Number.isFinite(q) ? q : 0), 0)),
  );

  protected readonly invalid = computed(() =>
    this.quantities().some((line) => line.some((raw) => !Number.isFinite(parseQty(raw)) || parseQty(raw) < 0)),
  );

  protected isInvalid(raw: string | undefined): boolean {
    const qty = parseQty(raw ?? '');
    return !Number.isFinite(qty) || qty < 0;
  }

  protected setQty(lineIndex: number, pickIndex: number, raw: string): void {
    this.quantities.update((all) =>
      all.map((line, li) => (li === lineIndex ? line.map((q, pi) => (pi === pickIndex ? raw : q)) : line)),
    );
  }

  protected submit(): void {
    if (this.invalid() || this.readonly() || this.busy()) return;
    const quantities = this.quantities();
    const picks: ConfirmedPick[] = [];
    this.payload().lines.forEach((line, li) =>
      line.picks.forEach((pick, pi) => {
        const quantity = parseQty(quantities[li]?.[pi] ?? '');
        // Zero means "not taken from this location"; the server expects only actual picks.
        if (quantity > 0)
          picks.push({ lineNo: line.lineNo, locationCode: pick.locationCode, lotCode: pick.lotCode, quantity });
      }),
    );
    this.confirmed.emit({ picks });
  }
}
