import { DatePipe, DecimalPipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, effect, inject, input, signal } from '@angular/core';
import { FormArray, FormGroup, ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { RouterLink } from '@angular/router';
import { errorMessage } from '../../shared/api-error';
import { ErrorSummary, FieldError } from '../../shared/field-error';
import { FormErrors } from '../../shared/field-errors';
import { LINE_TABLE_STYLES } from '../../shared/line-table.styles';
import { newScanLine, ScanLineForm, scannedOf } from './pack-check-form';
import { isQuantity, matchLines, parseScan } from './pack-check-lines';
import { PackCheckService } from './pack-check.service';
import { PackCheckPackage, PackCheckView, ScannedLine } from './pack-check.types';

/**
 * The pack-check screen (issue 20), made for a handheld scanner at 390 px: pick a package, scan its content (a
 * scanner types the code and sends Enter; `ITEM|LOT|QTY` fills a whole line, a lone code the next empty field) or type
 * it in the line editor, and check it. Each line that matches what the package should hold turns checked; the server
 * compares again and a mismatch lands on the line and field it names. The shipment waits until every package matched.
 */
@Component({
  selector: 'mw-pack-check-page',
  imports: [
    DatePipe,
    DecimalPipe,
    ReactiveFormsModule,
    RouterLink,
    MatButtonModule,
    MatFormFieldModule,
    MatInputModule,
    FieldError,
    ErrorSummary,
  ],
  template: `
    <h1>Pack check · order {{ orderNumber() }}</h1>
    @if (loadError(); as message) {
      <p class="error" role="alert" data-testid="pack-check-load-error">{{ message }}</p>
    }
    @if (view(); as v) {
      <p class="muted">
        {{ v.customerName ?? '' }} ·
        <span data-testid="pack-check-progress">{{ checkedCount() }} of {{ v.packages.length }}</span>
        packages checked
      </p>
      @if (!v.required) {
        <p data-testid="pack-check-none">
          @if (v.step === 'awaiting-pick' || v.step === 'awaiting-pack' || v.step === 'reserving') {
            Nothing to check yet: the order is not packed.
          } @else {
            This order's packages need no pack check.
          }
        </p>
      } @else if (!v.open) {
        <p data-testid="pack-check-closed">
          The shipment of this order is no longer waiting for its pack check ({{ v.step }}).
        </p>
      }
      @if (allChecked() && v.required) {
        <p class="done" role="status" data-testid="pack-check-done">
          Every package is checked: the shipment can be confirmed.
          @if (v.shipTaskId && v.open) {
            <a mat-flat-button data-testid="pack-check-to-ship" [routerLink]="['/tasks', v.shipTaskId]"
              >Confirm the shipment</a
            >
          }
        </p>
      }
      <nav class="packages" aria-label="Packages">
        @for (pkg of v.packages; track pkg.packageNo) {
          <button
            type="button"
            mat-stroked-button
            data-testid="pack-check-package"
            [attr.data-package-no]="pkg.packageNo"
            [attr.data-state]="pkg.checkedAt ? 'checked' : 'open'"
            [attr.aria-pressed]="pkg.packageNo === selected()?.packageNo"
            [class.current]="pkg.packageNo === selected()?.packageNo"
            (click)="select(pkg.packageNo)"
          >
            {{ pkg.checkedAt ? '✓ ' : '' }}{{ pkg.packageNo }}
          </button>
        }
      </nav>

      @if (selected(); as pkg) {
        <section class="package" data-testid="pack-check-current" [attr.data-package-no]="pkg.packageNo">
          <h2>
            Package {{ pkg.packageNo }}
            @if (pkg.dock) {
              <span class="muted"> · {{ pkg.dock }}</span>
            }
          </h2>
          @if (pkg.checkedAt) {
            <p class="done" data-testid="pack-check-checked">
              ✓ Checked by {{ pkg.checkedBy }} at {{ pkg.checkedAt | date: 'short' }}
            </p>
          }
          <h3>It should hold</h3>
          <ul class="expected">
            @for (line of pkg.lines; track $index) {
              <li
                data-testid="pack-check-expected"
                [attr.data-state]="pkg.checkedAt || expectedMatched().has($index) ? 'checked' : 'open'"
              >
                <span class="tick" aria-hidden="true">{{
                  pkg.checkedAt || expectedMatched().has($index) ? '✓' : '○'
                }}</span>
                <span>
                  <strong>{{ line.quantity | number }} {{ line.uom }}</strong> {{ line.itemSku }}
                  <span class="muted">{{ line.itemName }}</span>
                  · {{ line.lotCode ? 'lot ' + line.lotCode : 'no lot' }}
                </span>
              </li>
            }
          </ul>

          @if (v.open && !pkg.checkedAt) {
            <label class="scan">
              <span class="muted">Scan or type a code, then Enter (ITEM|LOT|QTY fills a whole line)</span>
              <input
                #scan
                class="scan-input"
                type="text"
                autocomplete="off"
                autocapitalize="characters"
                spellcheck="false"
                enterkeyhint="go"
                data-testid="pack-check-scan"
                aria-label="Scan or type a code"
                (keydown.enter)="onScan(scan)"
              />
            </label>
            @if (scanNote(); as note) {
              <p class="muted" role="status" data-testid="pack-check-scan-note">{{ note }}</p>
            }

            <form [formGroup]="form" (ngSubmit)="submit(pkg)">
              <mw-error-summary [errors]="errors" />
              <table class="lines" data-testid="pack-check-lines">
                <thead>
                  <tr>
                    <th>#</th>
                    <th>Item</th>
                    <th>Lot</th>
                    <th class="num">Quantity</th>
                    <th></th>
                  </tr>
                </thead>
                <tbody formArrayName="lines">
                  @for (line of form.controls.lines.controls; track line; let i = $index) {
                    <tr
                      [formGroupName]="i"
                      data-testid="pack-check-line"
                      [attr.data-state]="
                        lineMatches()[i] !== undefined && lineMatches()[i]! >= 0
                          ? 'checked'
                          : line.invalid && line.touched
                            ? 'mismatch'
                            : 'open'
                      "
                    >
                      <td data-label="Line">{{ i + 1 }}</td>
                      <td data-label="Item">
                        <mat-form-field subscriptSizing="dynamic">
                          <input
                            matInput
                            formControlName="itemSku"
                            data-testid="pack-check-item"
                            [attr.aria-label]="'Item of line ' + (i + 1)"
                          />
                          <mat-error><mw-field-error [control]="line.controls.itemSku" /></mat-error>
                        </mat-form-field>
                      </td>
                      <td data-label="Lot">
                        <mat-form-field subscriptSizing="dynamic">
                          <input
                            matInput
                            formControlName="lotCode"
                            data-testid="pack-check-lot"
                            [attr.aria-label]="'Lot of line ' + (i + 1)"
                          />
                          <mat-error><mw-field-error [control]="line.controls.lotCode" /></mat-error>
                        </mat-form-field>
                      </td>
                      <td class="num" data-label="Quantity">
                        <mat-form-field subscriptSizing="dynamic">
                          <input
                            matInput
                            type="number"
                            inputmode="decimal"
                            formControlName="quantity"
                            data-testid="pack-check-quantity"
                            [attr.aria-label]="'Quantity of line ' + (i + 1)"
                          />
                          <mat-error><mw-field-error [control]="line.controls.quantity" /></mat-error>
                        </mat-form-field>
                      </td>
                      <td data-label="">
                        @if (lineMatches()[i] !== undefined && lineMatches()[i]! >= 0) {
                          <span class="done" data-testid="pack-check-line-checked">✓ checked</span>
                        }
                        <button
                          mat-button
                          type="button"
                          [attr.aria-label]="'Remove line ' + (i + 1)"
                          (click)="remove(i)"
                        >
                          Remove
                        </button>
                      </td>
                    </tr>
                  }
                </tbody>
              </table>
              <div class="actions">
                <button mat-stroked-button type="button" data-testid="pack-check-add-line" (click)="add()">
                  Add a line
                </button>
                <button
                  mat-flat-button
                  type="submit"
                  data-testid="pack-check-submit"
                  [disabled]="busy() || form.controls.lines.length === 0"
                >
                  Check package {{ pkg.packageNo }}
                </button>
              </div>
            </form>
          }
        </section>
      }
    }
  `,
  styles: [
    LINE_TABLE_STYLES,
    `
      :host {
        display: block;
        max-width: 900px;
      }
      h1 {
        font-size: 1.4rem;
        overflow-wrap: anywhere;
      }
      .packages {
        display: flex;
        flex-wrap: wrap;
        gap: 8px;
        margin: 8px 0 16px;
      }
      .packages button {
        min-height: 44px;
      }
      .packages .current {
        border-width: 2px;
        border-color: var(--mat-sys-primary);
      }
      .expected {
        list-style: none;
        padding: 0;
        margin: 0 0 16px;
      }
      .expected li {
        display: flex;
        gap: 8px;
        padding: 6px 0;
        border-bottom: 1px solid var(--mat-sys-outline-variant);
        overflow-wrap: anywhere;
      }
      .expected li[data-state='checked'],
      .done {
        color: var(--mat-sys-primary);
      }
      .scan {
        display: flex;
        flex-direction: column;
        gap: 4px;
        max-width: 420px;
        margin-bottom: 8px;
      }
      .scan-input {
        min-height: 44px;
        box-sizing: border-box;
        width: 100%;
        padding: 8px 12px;
        font: inherit;
        font-size: 16px;
        border: 2px solid var(--mat-sys-primary);
        border-radius: 8px;
        background: var(--mat-sys-surface);
        color: inherit;
      }
      tr[data-state='mismatch'] td:first-child {
        color: var(--mat-sys-error);
        font-weight: 500;
      }
      td mat-form-field {
        width: 150px;
      }
      button,
      input {
        min-height: 44px;
        box-sizing: border-box;
      }
      .actions {
        display: flex;
        flex-wrap: wrap;
        gap: 8px;
        margin-top: 12px;
      }
      .actions button {
        min-height: 44px;
      }
      @media (max-width: 600px) {
        thead {
          display: none;
        }
        table,
        tbody,
        tr,
        td {
          display: block;
          width: auto;
        }
        tr {
          border-bottom: 1px solid var(--mat-sys-outline-variant);
          padding: 8px 0;
        }
        td {
          padding: 2px 0;
        }
        td mat-form-field {
          width: 100%;
        }
        .num {
          text-align: left;
        }
      }
    `,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class PackCheckPage {
  private readonly api = inject(PackCheckService);
  /** From the route (`/pack-check/:orderNumber`). */
  readonly orderNumber = input.required<string>();

  protected readonly view = signal<PackCheckView | null>(null);
  protected readonly loadError = signal<string | null>(null);
  protected readonly selectedNo = signal<string | null>(null);
  protected readonly busy = signal(false);
  protected readonly scanNote = signal<string | null>(null);
  protected readonly errors = new FormErrors();
  protected readonly form = new FormGroup({ lines: new FormArray<ScanLineForm>([]) });
  /** The editor's lines as the API takes them (refreshed on every edit). */
  private readonly scanned = signal<ScannedLine[]>([]);

  protected readonly selected = computed<PackCheckPackage | null>(() => {
    const packages = this.view()?.packages ?? [];
    return packages.find((pkg) => pkg.packageNo === this.selectedNo()) ?? packages[0] ?? null;
  });
  protected readonly checkedCount = computed(() => (this.view()?.packages ?? []).filter((p) => p.checkedAt).length);
  protected readonly allChecked = computed(() => {
    const packages = this.view()?.packages ?? [];
    return packages.length > 0 && packages.every((pkg) => pkg.checkedAt);
  });
  /** Per scanned line: the expected line it matches (-1: none yet). */
  protected readonly lineMatches = computed(() => matchLines(this.selected()?.lines ?? [], this.scanned()));
  protected readonly expectedMatched = computed(() => new Set(this.lineMatches().filter((at) => at >= 0)));

  constructor() {
    this.form.valueChanges.subscribe(() => this.scanned.set(this.form.controls.lines.controls.map(scannedOf)));
    effect(() => this.load(this.orderNumber()));
  }

  private load(orderNumber: string, keepSelection = false): void {
    this.api.view(orderNumber).subscribe({
      next: (view) => {
        this.loadError.set(null);
        this.view.set(view);
        if (!keepSelection || !this.selectedNo()) {
          this.selectedNo.set((view.packages.find((pkg) => !pkg.checkedAt) ?? view.packages[0])?.packageNo ?? null);
        }
      },
      error: (err: unknown) => this.loadError.set(errorMessage(err)),
    });
  }

  protected select(packageNo: string): void {
    if (packageNo === this.selected()?.packageNo) return;
    this.selectedNo.set(packageNo);
    this.reset();
  }

  private reset(): void {
    this.form.controls.lines.clear();
    this.errors.clear();
    this.scanNote.set(null);
  }

  protected add(itemSku = ''): ScanLineForm {
    const line = newScanLine(itemSku);
    this.form.controls.lines.push(line);
    return line;
  }

  protected remove(index: number): void {
    this.form.controls.lines.removeAt(index);
  }

  /** One scan (or a typed code and Enter): a whole line, or the next empty field of the line being scanned. */
  protected onScan(field: HTMLInputElement): void {
    const code = field.value.trim();
    field.value = '';
    if (code === '') return;
    const parsed = parseScan(code);
    const lines = this.form.controls.lines.controls;
    const last = lines.at(-1);
    const lastValue = last?.getRawValue();
    if (typeof parsed !== 'string') {
      const target = last && lastValue?.itemSku.trim() === '' ? last : this.add();
      target.patchValue({
        itemSku: parsed.itemSku ?? '',
        lotCode: parsed.lotCode ?? '',
        quantity: parsed.quantity ?? null,
      });
      this.scanNote.set(`Line ${this.form.controls.lines.length}: ${code}`);
      return;
    }
    const expected = this.selected()?.lines ?? [];
    const open = last && lastValue && (lastValue.itemSku.trim() === '' || lastValue.quantity === null);
    if (!open || !last || !lastValue) {
      this.add(parsed);
      this.scanNote.set(`Line ${this.form.controls.lines.length}: item ${parsed}`);
    } else if (lastValue.itemSku.trim() === '') {
      last.patchValue({ itemSku: parsed });
      this.scanNote.set(`Line ${lines.length}: item ${parsed}`);
    } else if (
      lastValue.lotCode.trim() === '' &&
      !isQuantity(parsed) &&
      expected.some((line) => line.lotCode && line.itemSku.toUpperCase() === lastValue.itemSku.trim().toUpperCase())
    ) {
      last.patchValue({ lotCode: parsed });
      this.scanNote.set(`Line ${lines.length}: lot ${parsed}`);
    } else if (isQuantity(parsed)) {
      last.patchValue({ quantity: Number(parsed) });
      this.scanNote.set(`Line ${lines.length}: quantity ${parsed}`);
    } else {
      this.add(parsed);
      this.scanNote.set(`Line ${this.form.controls.lines.length}: item ${parsed}`);
    }
  }

  protected submit(pkg: PackCheckPackage): void {
    this.form.markAllAsTouched();
    if (this.form.invalid || this.busy()) return;
    this.busy.set(true);
    this.errors.clear();
    const lines = this.form.controls.lines.controls.map(scannedOf);
    this.api.check(this.orderNumber(), pkg.packageNo, lines).subscribe({
      next: () => {
        this.busy.set(false);
        this.reset();
        this.selectedNo.set(null);
        this.load(this.orderNumber());
      },
      error: (err: unknown) => {
        this.busy.set(false);
        this.errors.show(this.form, err);
      },
    });
  }
}
