import { DecimalPipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, input, linkedSignal, output } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { PackageRecord, PackOutcome, PackTaskPayload, StagedPick } from '../../shared/api.types';
import { PackingSlipPrint, SlipShipment } from './packing-slip-print';
import { ScanField, ScanTarget } from './scan-field';

/** What is staged for one order line at one dock: the total and the lots it came from. */
export interface StagedLine {
  lineNo: number;
  itemSku: string;
  quantity: number;
  lots: string[];
}

/** One dock (one warehouse) the order is staged at, and its lines: it leaves as a shipment of its own. */
export interface DockGroup {
  dock: string;
  lines: StagedLine[];
}

/** One package as typed: raw text, so re-rendering never rewrites a half-typed number. */
interface PackageEntry {
  /** The dock it is packed at: it holds only that dock's lines. */
  dock: string;
  packageNo: string;
  weightKg: string;
  /** Per line of its dock (same order as the dock group's `lines`). */
  quantities: string[];
}

const EPSILON = 1e-9;

function parseNumber(raw: string): number {
  return raw.trim() === '' ? NaN : Number(raw);
}

/** The docks in staging order, each with its lines in line order. */
function dockGroups(staged: StagedPick[]): DockGroup[] {
  const docks = new Map<string, Map<number, StagedLine>>();
  for (const pick of staged) {
    const byLine = docks.get(pick.stagingLocation) ?? new Map<number, StagedLine>();
    docks.set(pick.stagingLocation, byLine);
    const line = byLine.get(pick.lineNo) ?? { lineNo: pick.lineNo, itemSku: pick.itemSku, quantity: 0, lots: [] };
    line.quantity = Math.round((line.quantity + pick.quantity) * 1000) / 1000;
    if (pick.lotCode && !line.lots.includes(pick.lotCode)) line.lots.push(pick.lotCode);
    byLine.set(pick.lineNo, line);
  }
  return [...docks].map(([dock, byLine]) => ({
    dock,
    lines: [...byLine.values()].sort((a, b) => a.lineNo - b.lineNo),
  }));
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

const keyOf = (dock: string, lineNo: number) => `${dock}|${lineNo}`;

/**
 * Packing: everything staged goes into packages, per dock. An order short-picked in one warehouse and re-allocated to
 * another is staged at two docks; each dock's stock leaves as its own shipment, so a package belongs to one dock and
 * holds only its lines. Starts with one package per dock holding all of it; the packer splits, numbers and weighs.
 * Per dock and line, the packages must hold exactly what was staged (the workflow's validator checks the same and
 * stays the authority; its refusal is shown here).
 */
@Component({
  selector: 'mw-pack-form',
  imports: [DecimalPipe, MatButtonModule, PackingSlipPrint, ScanField],
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

  protected readonly groups = computed(() => dockGroups(this.payload().staged));

  protected readonly packages = linkedSignal<PackageEntry[]>(() => {
    const groups = this.groups();
    const recorded = packagesOf(this.outcome());
    if (recorded) {
      return recorded.map((pkg) => {
        const group = groups.find((g) => g.dock === pkg.dock) ?? groups[0];
        return {
          dock: group?.dock ?? pkg.dock ?? '',
          packageNo: pkg.packageNo,
          weightKg: String(pkg.weightKg),
          quantities: (group?.lines ?? []).map((line) =>
            String(pkg.contents.find((c) => c.lineNo === line.lineNo)?.quantity ?? 0),
          ),
        };
      });
    }
    return groups.map((group, i) => ({
      dock: group.dock,
      packageNo: `PKG-${i + 1}`,
      weightKg: '',
      quantities: group.lines.map((line) => String(line.quantity)),
    }));
  });

  /** Per dock: its lines and its packages (with their index among all packages). */
  protected readonly byDock = computed(() =>
    this.groups().map((group) => ({
      group,
      packages: this.packages()
        .map((entry, index) => ({ entry, index }))
        .filter(({ entry }) => entry.dock === group.dock),
    })),
  );

  protected readonly problems = computed(() => this.packages().map(packageProblem));

  /** Per dock and line: how much the packages hold. */
  protected readonly packed = computed(() => {
    const totals = new Map<string, number>();
    const groups = this.groups();
    for (const pkg of this.packages()) {
      const lines = groups.find((g) => g.dock === pkg.dock)?.lines ?? [];
      lines.forEach((line, li) => {
        const qty = parseNumber(pkg.quantities[li] ?? '');
        const key = keyOf(pkg.dock, line.lineNo);
        totals.set(key, (totals.get(key) ?? 0) + (Number.isFinite(qty) && qty > 0 ? qty : 0));
      });
    }
    return totals;
  });

  protected readonly mismatched = computed(() =>
    this.groups().flatMap((group) =>
      group.lines
        .filter((line) => Math.abs((this.packed().get(keyOf(group.dock, line.lineNo)) ?? 0) - line.quantity) > EPSILON)
        .map((line) => ({ dock: group.dock, line })),
    ),
  );
  protected readonly mismatchedKeys = computed(
    () => new Set(this.mismatched().map(({ dock, line }) => keyOf(dock, line.lineNo))),
  );

  protected readonly duplicateNumbers = computed(() => {
    const numbers = this.packages().map((pkg) => pkg.packageNo.trim());
    return numbers.length !== new Set(numbers).size;
  });

  protected readonly invalid = computed(
    () => this.problems().some((p) => p !== null) || this.mismatched().length > 0 || this.duplicateNumbers(),
  );

  /** A scanned item or lot code jumps to its line in the dock's first package. */
  protected readonly scanTargets = computed<ScanTarget[]>(() =>
    this.groups().flatMap((group) =>
      group.lines.map((line) => ({
        key: `pack:${keyOf(group.dock, line.lineNo)}`,
        codes: [line.itemSku, ...line.lots],
        label: `line ${line.lineNo} · ${line.itemSku} at ${group.dock}`,
      })),
    ),
  );

  /** The packing slip: one shipment per dock, its packages as typed. */
  protected readonly slip = computed<SlipShipment[]>(() =>
    this.byDock().map(({ group, packages }) => ({
      dock: group.dock,
      packages: packages.map(({ entry }) => ({
        packageNo: entry.packageNo,
        weightKg: Number.isFinite(parseNumber(entry.weightKg)) ? parseNumber(entry.weightKg) : null,
        contents: group.lines
          .map((line, li) => ({ ...line, quantity: parseNumber(entry.quantities[li] ?? '') }))
          .filter((content) => content.quantity > 0),
      })),
    })),
  );

  protected keyOf = keyOf;

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

  protected addPackage(group: DockGroup): void {
    this.packages.update((all) => {
      const taken = new Set(all.map((pkg) => pkg.packageNo));
      let n = all.length + 1;
      while (taken.has(`PKG-${n}`)) n += 1;
      return [
        ...all,
        { dock: group.dock, packageNo: `PKG-${n}`, weightKg: '', quantities: group.lines.map(() => '0') },
      ];
    });
  }

  /** A dock keeps at least one package: its stock has to leave in something. */
  protected removePackage(index: number): void {
    const dock = this.packages()[index]?.dock;
    if (this.packages().filter((pkg) => pkg.dock === dock).length <= 1) return;
    this.packages.update((all) => all.filter((_, i) => i !== index));
  }

  protected print(): void {
    window.print();
  }

  protected submit(): void {
    if (this.invalid() || this.readonly() || this.busy()) return;
    const groups = this.groups();
    const packages: PackageRecord[] = this.packages().map((pkg) => {
      const lines = groups.find((g) => g.dock === pkg.dock)?.lines ?? [];
      return {
        packageNo: pkg.packageNo.trim(),
        weightKg: parseNumber(pkg.weightKg),
        dock: pkg.dock,
        contents: lines
          .map((line, li) => ({ lineNo: line.lineNo, quantity: parseNumber(pkg.quantities[li] ?? '') }))
          .filter((content) => content.quantity > 0),
      };
    });
    this.confirmed.emit({ packages });
  }
}
