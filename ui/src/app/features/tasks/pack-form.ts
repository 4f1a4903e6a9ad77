import { DecimalPipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, input, linkedSignal, output } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { PackageRecord, PackOutcome, PackTaskPayload } from '../../shared/api.types';
import { dockGroups, DockGroup, EPSILON, PackageEntry, packageProblem, packagesOf, parseNumber } from './pack-docks';
import { PackingSlipPrint, SlipShipment } from './packing-slip-print';
import { ScanField, ScanTarget } from './scan-field';

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
