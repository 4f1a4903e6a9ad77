import { ChangeDetectionStrategy, Component, ElementRef, inject, input, signal } from '@angular/core';

/** One line a scan can land on: the codes that name it and the key of the control to focus (`data-scan-key`). */
export interface ScanTarget {
  key: string;
  /** Bin, lot and item codes of the line (nulls are ignored). */
  codes: ReadonlyArray<string | null | undefined>;
  /** How the line reads in the confirmation ("stop 2 · MAIN-B02"). */
  label: string;
}

/** See `ScanField.fallback`. */
export type ScanFallback = (code: string, lastKey: string | null) => string | null;

const normalise = (code: string) => code.trim().toUpperCase();

/**
 * One field for a warehouse screen: typing or scanning a bin, lot or item code (scanners type the code and send
 * Enter) focuses the line it names, so a clerk with a handheld never hunts for the row. A code that several lines
 * share moves to the next of them on each scan; a code that names nothing says so. The controls to focus carry
 * `data-scan-key` and live in the same form as this field.
 */
@Component({
  selector: 'mw-scan-field',
  template: `
    <label class="scan">
      <span class="muted">{{ label() }}</span>
      <input
        #field
        class="scan-input"
        type="text"
        inputmode="text"
        enterkeyhint="go"
        autocomplete="off"
        autocapitalize="characters"
        spellcheck="false"
        data-testid="scan-input"
        [attr.aria-label]="label()"
        [placeholder]="placeholder()"
        (keydown.enter)="scan(field)"
      />
    </label>
    @if (miss(); as code) {
      <p class="inline-error" role="status" data-testid="scan-miss">
        Nothing on this task matches “{{ code }}”. Scan {{ kinds() }} of this task.
      </p>
    } @else if (hit(); as label) {
      <p class="muted" role="status" data-testid="scan-hit">Found: {{ label }}</p>
    }
  `,
  styles: `
    :host {
      display: block;
      margin: 0 0 12px;
    }
    .scan {
      display: flex;
      flex-direction: column;
      gap: 4px;
      max-width: 420px;
    }
    .scan-input {
      min-height: 44px;
      box-sizing: border-box;
      width: 100%;
      padding: 8px 12px;
      font: inherit;
      font-size: 16px; /* no zoom-on-focus on phones */
      border: 2px solid var(--mat-sys-primary);
      border-radius: 8px;
      background: var(--mat-sys-surface);
      color: inherit;
    }
    p {
      margin: 4px 0 0;
    }
    @media print {
      :host {
        display: none;
      }
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ScanField {
  readonly targets = input.required<ScanTarget[]>();
  readonly label = input('Scan or type a bin, lot or item code');
  readonly kinds = input('a bin, lot or item');
  readonly placeholder = input('e.g. MAIN-A01');
  /**
   * Asked about a code no line names, with the key of the line the last scan landed on (null: none): returns what it
   * did ("line 2 → MAIN-A03") or null when the code means nothing here. Putaway uses it to put a line into a bin.
   */
  readonly fallback = input<ScanFallback | null>(null);

  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  protected readonly miss = signal<string | null>(null);
  protected readonly hit = signal<string | null>(null);
  /** The last line a scan landed on, so a shared code walks through its lines. */
  private last = -1;

  protected scan(field: HTMLInputElement): void {
    const code = normalise(field.value);
    if (code === '') return;
    const targets = this.targets();
    const matches = targets
      .map((target, index) => ({ target, index }))
      .filter(({ target }) => target.codes.some((candidate) => candidate && normalise(candidate) === code));
    const next = matches.find(({ index }) => index > this.last) ?? matches[0];
    field.value = '';
    const lastKey = this.last >= 0 ? (targets[this.last]?.key ?? null) : null;
    const handled = next ? null : (this.fallback()?.(code, lastKey) ?? null);
    if (handled) {
      this.miss.set(null);
      this.hit.set(handled);
      return;
    }
    if (!next) {
      this.hit.set(null);
      this.miss.set(code);
      this.last = -1;
      return;
    }
    this.miss.set(null);
    this.hit.set(next.target.label);
    this.last = next.index;
    this.focus(next.target.key);
  }

  /** Focuses (and selects) the control of a line: the form around this field holds it. */
  private focus(key: string): void {
    const form = this.host.nativeElement.parentElement ?? document.body;
    const control = form.querySelector<HTMLElement>(`[data-scan-key="${CSS.escape(key)}"]`);
    if (!control) return;
    control.scrollIntoView({ block: 'center' });
    control.focus();
    if (control instanceof HTMLInputElement) control.select();
  }
}
