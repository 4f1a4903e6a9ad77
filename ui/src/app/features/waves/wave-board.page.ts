import { DatePipe, DecimalPipe } from '@angular/common';
import { HttpErrorResponse } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { Router, RouterLink } from '@angular/router';
import { AuthService } from '../../core/auth/auth.service';
import { ErrorSummary, FieldError } from '../../shared/field-error';
import { apiProblemOf, FormErrors, pathSegments, problemsOf } from '../../shared/field-errors';
import { DataList } from '../../shared/list/data-list';
import { ListCell } from '../../shared/list/list-cell';
import { ListColumn, ListFilter } from '../../shared/list/list.types';
import { remapProblemPaths } from '../../shared/remap-problems';
import { WaveService } from './wave.service';
import { ProposedWave, WAVE_PRIORITIES, WaitingOrder, WaveProposal, WavePriority } from './wave.types';

const COLUMNS: ListColumn<WaitingOrder>[] = [
  { key: 'orderNumber', label: 'Order', essential: true },
  { key: 'customerName', label: 'Customer', value: (r) => `${r.customerName} (${r.customerCode})` },
  { key: 'zones', label: 'Zones', essential: true },
  { key: 'lines', label: 'Lines', numeric: true },
  { key: 'units', label: 'Units', numeric: true, essential: true },
  { key: 'requestedDate', label: 'Requested' },
  { key: 'waitingSince', label: 'Waiting since', value: (r) => new Date(r.waitingSince).toLocaleString() },
];
const FILTERS: ListFilter[] = [
  { key: 'customer', label: 'Customer' },
  { key: 'zone', label: 'Zone' },
];

/** `orders[3].carrier` of the plan request is the form's `carrier` (one carrier, cut-off and priority for all). */
const toPlanForm = (path: string) => path.replace(/^(body\.)?orders[.[]\d+\]?\.(carrier|cutoffAt|priority)$/, '$2');

/** A local `YYYY-MM-DDTHH:mm` (the datetime-local field) a few hours from now. */
function localInHours(hours: number): string {
  const at = new Date(Date.now() + hours * 3_600_000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}T${pad(at.getHours())}:${pad(at.getMinutes())}`;
}

/** A release's wave id: the day and minute of the proposal, then its place (letters, digits and dashes). */
function waveIdFor(index: number): string {
  return `W-${localInHours(0).replace(/[-:]/g, '').replace('T', '-')}-${index + 1}`;
}

/** The same failure with only the problems whose path `keep` accepts (one refusal shown on two forms). */
function onlyProblems(err: unknown, keep: (path: string) => boolean): unknown {
  const problem = apiProblemOf(err);
  if (!problem || !(err instanceof HttpErrorResponse)) return err;
  const details = problemsOf(err).filter((p) => keep(p.path));
  const error = { ...problem, field: details[0]?.path, details };
  return new HttpErrorResponse({
    error: { error },
    status: err.status,
    statusText: err.statusText,
    url: err.url ?? '',
  });
}

interface Proposed {
  wave: ProposedWave;
  form: FormGroup<{ waveId: FormControl<string> }>;
  errors: FormErrors;
}

/**
 * The wave planning board (issue 20), for a supervisor: the orders waiting for a wave on the shared list (a row opens
 * into the plan: click or Enter adds or removes it), one carrier, cut-off and priority for the chosen orders, the waves
 * the wave rules propose (each order's stored decision, the rule and why it releases now, later or by hand), and a
 * release per proposed wave that starts its pick-wave workflow and opens its progress.
 */
@Component({
  selector: 'mw-wave-board-page',
  imports: [
    DatePipe,
    DecimalPipe,
    ReactiveFormsModule,
    RouterLink,
    MatButtonModule,
    MatFormFieldModule,
    MatInputModule,
    MatSelectModule,
    DataList,
    ListCell,
    ErrorSummary,
    FieldError,
  ],
  templateUrl: './wave-board.page.html',
  styleUrl: './waves.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class WaveBoardPage {
  private readonly waves = inject(WaveService);
  /** Auditors read the board; only supervisors and admins plan and release (the API refuses the others too). */
  protected readonly canPlan = inject(AuthService).hasAnyRole('supervisor', 'admin');
  private readonly router = inject(Router);

  protected readonly columns = COLUMNS as ListColumn<never>[];
  protected readonly filters = FILTERS;
  protected readonly priorities = WAVE_PRIORITIES;
  protected readonly selected = signal<readonly string[]>([]);
  protected readonly selectedSet = computed(() => new Set(this.selected()));
  protected readonly rowAttributes = (row: Record<string, unknown>) => ({
    'data-order': String(row['orderNumber']),
    'data-selected': String(this.selectedSet().has(String(row['orderNumber']))),
  });
  protected readonly form = new FormGroup({
    carrier: new FormControl('', { nonNullable: true, validators: [Validators.required, Validators.maxLength(40)] }),
    cutoffAt: new FormControl(localInHours(4), { nonNullable: true, validators: [Validators.required] }),
    priority: new FormControl<WavePriority>('normal', { nonNullable: true }),
  });
  protected readonly errors = new FormErrors();
  protected readonly busy = signal(false);
  protected readonly proposal = signal<{ ruleSet: WaveProposal['ruleSet']; waves: Proposed[] } | null>(null);

  protected toggle(row: Record<string, unknown>): void {
    if (!this.canPlan) return;
    const orderNumber = String(row['orderNumber']);
    const now = this.selected();
    this.selected.set(now.includes(orderNumber) ? now.filter((o) => o !== orderNumber) : [...now, orderNumber]);
  }

  protected propose(): void {
    if (this.busy() || this.selected().length === 0) return;
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    const { carrier, cutoffAt, priority } = this.form.getRawValue();
    const cutoff = new Date(cutoffAt).toISOString();
    const orders = this.selected().map((orderNumber) => ({ orderNumber, carrier, cutoffAt: cutoff, priority }));
    this.busy.set(true);
    this.errors.clear();
    this.waves.plan(orders).subscribe({
      next: (proposal) => {
        this.busy.set(false);
        this.proposal.set({
          ruleSet: proposal.ruleSet,
          waves: proposal.waves.map((wave, index) => ({
            wave,
            form: new FormGroup({
              waveId: new FormControl(waveIdFor(index), {
                nonNullable: true,
                validators: [Validators.required, Validators.pattern(/^[A-Za-z0-9-]{1,40}$/)],
              }),
            }),
            errors: new FormErrors(),
          })),
        });
      },
      error: (err: unknown) => {
        this.busy.set(false);
        this.errors.show(this.form, remapProblemPaths(err, toPlanForm));
      },
    });
  }

  /** Releases a proposed wave with the board's carrier cut-off (the same field the plan was asked with). */
  protected release(proposed: Proposed): void {
    const cutoff = this.form.controls.cutoffAt;
    if (this.busy() || proposed.form.invalid || cutoff.invalid) {
      proposed.form.markAllAsTouched();
      cutoff.markAsTouched();
      return;
    }
    const waveId = proposed.form.getRawValue().waveId.trim();
    this.busy.set(true);
    proposed.errors.clear();
    this.errors.clear();
    this.waves.release(waveId, proposed.wave.orderNumbers, new Date(cutoff.value).toISOString()).subscribe({
      next: () => {
        this.busy.set(false);
        void this.router.navigate(['/waves', waveId]);
      },
      error: (err: unknown) => {
        this.busy.set(false);
        // The cut-off's problem shows on the board's cut-off field; the rest (the wave id, a duplicate) on the wave.
        const onCutoff = (path: string) => pathSegments(path)[0] === 'cutoffAt';
        const problems = problemsOf(err);
        if (!problems.some((p) => onCutoff(p.path))) {
          proposed.errors.show(proposed.form, err);
          return;
        }
        this.errors.show(this.form, onlyProblems(err, onCutoff));
        if (problems.every((p) => onCutoff(p.path))) proposed.errors.message.set('Check the carrier cut-off above');
        else
          proposed.errors.show(
            proposed.form,
            onlyProblems(err, (path) => !onCutoff(path)),
          );
      },
    });
  }
}
