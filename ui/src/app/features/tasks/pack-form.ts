import { DecimalPipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, input, linkedSignal, output } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { PackageRecord, PackOutcome, PackTaskPayload, StagedPick } from '../../shared/api.types';

/** What is staged for one order line: the total and the lots it came from. */
export interface StagedLine {
  lineNo: number;
  itemSku: string;
  quantity: number;
  lots: string[];
}

/** One package as typed: raw text, so re-rendering never rewrites a half-typed number. */
interface PackageEntry {
  packageNo: string;
  weightKg: string;
  /** Per staged line (same order as `lines()`). */
  quantities: string[];
}

const EPSILON = 1e-9;

function parseNumber(raw: string): number {
  return raw.trim() === '' ? NaN : Number(raw);
}

function stagedLines(staged: StagedPick[]): StagedLine[] {
  const byLine = new Map<number, StagedLine>();
  for (const pick of staged) {
    const line = byLine.get(pick.lineNo) ?? { lineNo: pick.lineNo, itemSku: pick.itemSku, quantity: 0, lots: [] };
    line.quantity = Math.round((line.quantity + pick.quantity) * 1000) / 1000;
    if (pick.lotCode && !line.lots.includes(pick.lotCode)) line.lots.push(pick.lotCode);
    byLine.set(pick.lineNo, line);
  }
  return [...byLine.values()].sort((a, b) => a.lineNo - b.lineNo);
}

function packagesOf(outcome: unknown): PackageRecord[] | null {
  const packages = (outcome as Partial<PackOutcome> | null)?.packages;
  return Array.isArray(packages) ? packages : null;
}

/** The problem of one package as typed, or null. */
function packageProblem(entry: PackageEntry): string | null {
  if (entry.packageNo.trim() === '') return 'Enter a package number.';
  const weight = parseNumber(entry.weightKg);
  if (!Number.isFinite(weight) || weight <= 0) return 'Enter the weight in kg (above zero).';
  const quantities = entry.quantities.map(parseNumber);
  if (quantities.some((q) => !Number.isFinite(q) || q < 0)) return 'Quantities must be numbers of zero or more.';
  if (!quantities.some((q) => q > 0)) return 'An empty package: put something in it or remove it.';
  return null;
}

/**
 * Packing: everything staged at the dock goes into packages. Starts with one package holding it all; the packer
 * splits it into more packages, numbers and weighs each. Per line, the packages must hold exactly what was picked
 * (the workflow's validator checks the same and stays the authority; its refusal is shown here).
 */
@Component({
  selector: 'mw-pack-form',
  imports: [DecimalPipe, MatButtonModule],
  templateUrl: './pack-form.html',
  styleUrl: './dispatch-forms.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class PackForm {
  readonly payload = input.required<PackTaskPayload>();
  readonly readonly = input(false);
  readonly busy = input(false);
  /** For finished tasks: the packages recorded. */
  readonly outcome = input<unknown>(null);
  /** The server's refusal of the last attempt (400), shown beside the packages. */
  readonly serverError = input<string | null>(null);
  readonly confirmed = output<PackOutcome>();

  protected readonly lines = computed(() => stagedLines(this.payload().staged));

  protected readonly packages = linkedSignal<PackageEntry[]>(() => {
    const lines = this.lines();
    const recorded = packagesOf(this.outcome());
    if (recorded) {
      return recorded.map((pkg) => ({
        packageNo: pkg.packageNo,
        weightKg: String(pkg.weightKg),
        quantities: lines.map((line) => String(pkg.contents.find((c) => c.lineNo === line.lineNo)?.quantity ?? 0)),
      }));
    }
    return [{ packageNo: 'PKG-1', weightKg: '', quantities: lines.map((line) => String(line.quantity)) }];
  });

  protected readonly problems = computed(() => this.packages().map(packageProblem));

  /** Per staged line: how much the packages hold. */
  protected readonly packed = computed(() =>
    this.lines().map((_, li) =>
      this.packages().reduce((sum, pkg) => {
        const qty = parseNumber(pkg.quantities[li] ?? '');
        return sum + (Number.isFinite(qty) && qty > 0 ? qty : 0);
      }, 0),
    ),
  );

  protected readonly mismatched = computed(() =>
    this.lines().filter((line, li) => Math.abs((this.packed()[li] ?? 0) - line.quantity) > EPSILON),
  );
  protected readonly mismatchedLineNos = computed(() => new Set(this.mismatched().map((line) => line.lineNo)));

  protected readonly duplicateNumbers = computed(() => {
    const numbers = this.packages().map((pkg) => pkg.packageNo.trim());
    return numbers.length !== new Set(numbers).size;
  });

  protected readonly invalid = computed(
    () => this.problems().some((p) => p !== null) || this.mismatched().length > 0 || this.duplicateNumbers(),
  );

  protected set(index: number, field: 'packageNo' | 'weightKg', value: string): void {
    this.packages.update((all) => all.map((pkg, i) => (i === index ? { ...pkg, [field]: value } : pkg)));
  }

  protected setQty(index: number, lineIndex: number, value: string): void {
    this.packages.update((all) =>
      all.map((pkg, i) =>
        i === index ? { ...pkg, quantities: pkg.quantities.map((q, li) => (li === lineIndex ? value : q)) } : pkg,
      ),
    );
  }

  protected addPackage(): void {
    this.packages.update((all) => {
      const taken = new Set(all.map((pkg) => pkg.packageNo));
      let n = all.length + 1;
      while (taken.has(`PKG-${n}`)) n += 1;
      return [...all, { packageNo: `PKG-${n}`, weightKg: '', quantities: this.lines().map(() => '0') }];
    });
  }

  protected removePackage(index: number): void {
    if (this.packages().length <= 1) return;
    this.packages.update((all) => all.filter((_, i) => i !== index));
  }

  protected submit(): void {
    if (this.invalid() || this.readonly() || this.busy()) return;
    const lines = this.lines();
    const packages: PackageRecord[] = this.packages().map((pkg) => ({
      packageNo: pkg.packageNo.trim(),
      weightKg: parseNumber(pkg.weightKg),
      contents: lines
        .map((line, li) => ({ lineNo: line.lineNo, quantity: parseNumber(pkg.quantities[li] ?? '') }))
        .filter((content) => content.quantity > 0),
    }));
    this.confirmed.emit({ packages });
  }
}
