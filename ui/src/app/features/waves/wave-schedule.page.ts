import { DatePipe, formatDate } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, effect, inject, input, LOCALE_ID, signal } from '@angular/core';
import { FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { Router, RouterLink } from '@angular/router';
import { Observable, Subscription } from 'rxjs';
import { AuthService } from '../../core/auth/auth.service';
import { errorMessage } from '../../shared/api-error';
import { ErrorSummary, FieldError } from '../../shared/field-error';
import { FormErrors } from '../../shared/field-errors';
import { remapProblemPaths } from '../../shared/remap-problems';
import { StatusChip } from '../../shared/status-chip';
import { WaveService } from './wave.service';
import { ScheduleWarehouse, WaveSchedule } from './wave.types';

/** `zones[2]` of the request is the form's one zones field (a comma-separated list; the message names the zone). */
const toScheduleForm = (path: string) => path.replace(/^(body\.)?zones[.[]\d+\]?$/, 'zones');

/** What the form offers for a warehouse without a schedule. */
const NEW_SCHEDULE = { intervalMinutes: 60, carrier: '', cutoffTime: '16:00', zones: '', pickSlaMinutes: 60 };

const zonesOf = (text: string): string[] =>
  text
    .split(/[,\s]+/)
    .map((zone) => zone.trim())
    .filter((zone) => zone !== '');

/**
 * A warehouse's scheduled wave release (issue 20), for a supervisor: how often waves are planned and released from the
 * orders waiting in the warehouse, for which carrier and daily cut-off, in which zones, the pick tasks' SLA, whether
 * it is paused and when it runs next (Temporal's schedule), and its recent runs. The form creates or changes it, the
 * server's refusals land on the field they name; pause and resume keep its settings. Auditors read it.
 */
@Component({
  selector: 'mw-wave-schedule-page',
  imports: [
    DatePipe,
    ReactiveFormsModule,
    RouterLink,
    MatButtonModule,
    MatFormFieldModule,
    MatInputModule,
    MatSelectModule,
    ErrorSummary,
    FieldError,
    StatusChip,
  ],
  templateUrl: './wave-schedule.page.html',
  styleUrl: './waves.scss',
  styles: `
    .page-header .warehouse {
      flex: 0 1 280px;
      min-width: 0;
    }
    .summary {
      display: grid;
      grid-template-columns: max-content 1fr;
      gap: 4px 16px;
      margin: 8px 0 16px;
    }
    .summary dt {
      color: var(--mat-sys-on-surface-variant);
    }
    .summary dd {
      margin: 0;
      overflow-wrap: anywhere;
    }
    .error {
      color: var(--mat-sys-error);
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class WaveSchedulePage {
  private readonly waves = inject(WaveService);
  private readonly router = inject(Router);
  private readonly locale = inject(LOCALE_ID);
  /** Supervisors and admins set, pause and resume; auditors read (the API refuses the others too). */
  protected readonly canEdit = inject(AuthService).hasAnyRole('supervisor', 'admin');

  /** The route's `:warehouseCode`; absent on `/waves/schedules` (the first warehouse is shown). */
  readonly warehouseCode = input<string>();
  protected readonly warehouses = signal<ScheduleWarehouse[]>([]);
  /** The schedule as last read or saved; null: none set yet for this warehouse; undefined: still reading. */
  protected readonly schedule = signal<WaveSchedule | null | undefined>(undefined);
  protected readonly loadError = signal<string | null>(null);
  protected readonly zonesText = computed(() => this.schedule()?.zones?.join(', ') || 'all zones');
  /** When Temporal runs it next: nothing while paused. */
  protected readonly nextRunText = computed(() => {
    const schedule = this.schedule();
    if (!schedule) return '';
    if (schedule.paused) return 'none while paused';
    return schedule.nextRunAt ? formatDate(schedule.nextRunAt, 'medium', this.locale) : '—';
  });
  protected readonly busy = signal(false);
  protected readonly errors = new FormErrors();
  protected readonly pauseErrors = new FormErrors();
  /** The read of the warehouse shown; a read for the warehouse chosen before it must not land after it. */
  private reading?: Subscription;

  protected readonly form = new FormGroup({
    intervalMinutes: new FormControl<number | null>(NEW_SCHEDULE.intervalMinutes, [
      Validators.required,
      Validators.min(1),
      Validators.max(1440),
    ]),
    carrier: new FormControl('', { nonNullable: true, validators: [Validators.required, Validators.maxLength(40)] }),
    cutoffTime: new FormControl(NEW_SCHEDULE.cutoffTime, { nonNullable: true, validators: [Validators.required] }),
    zones: new FormControl('', { nonNullable: true }),
    pickSlaMinutes: new FormControl<number | null>(NEW_SCHEDULE.pickSlaMinutes, [
      Validators.required,
      Validators.min(1),
      Validators.max(7 * 24 * 60),
    ]),
  });

  constructor() {
    if (!this.canEdit) this.form.disable();
    this.waves.scheduleWarehouses().subscribe({
      next: (warehouses) => {
        this.warehouses.set(warehouses);
        const first = warehouses[0]?.code;
        if (this.warehouseCode() === undefined && first) {
          void this.router.navigate(['/waves/schedules', first], { replaceUrl: true });
        }
      },
      error: (err: unknown) => this.loadError.set(errorMessage(err)),
    });
    effect(() => {
      const code = this.warehouseCode();
      if (code) this.load(code);
    });
  }

  protected choose(code: string): void {
    void this.router.navigate(['/waves/schedules', code]);
  }

  private load(code: string): void {
    this.schedule.set(undefined);
    this.loadError.set(null);
    this.errors.clear();
    this.pauseErrors.clear();
    this.reading?.unsubscribe();
    this.reading = this.waves.schedule(code).subscribe({
      next: (schedule) => this.show(schedule),
      error: (err: unknown) => this.loadError.set(errorMessage(err)),
    });
  }

  private show(schedule: WaveSchedule | null): void {
    this.schedule.set(schedule);
    if (!schedule) {
      this.form.reset(NEW_SCHEDULE);
      return;
    }
    this.form.reset({
      intervalMinutes: schedule.intervalMinutes,
      carrier: schedule.carrier,
      cutoffTime: schedule.cutoffTime,
      zones: (schedule.zones ?? []).join(', '),
      pickSlaMinutes: schedule.pickSlaMinutes,
    });
  }

  protected save(): void {
    const code = this.warehouseCode();
    if (!code || this.busy() || !this.canEdit) return;
    this.form.markAllAsTouched();
    if (this.form.invalid) return;
    const value = this.form.getRawValue();
    const zones = zonesOf(value.zones);
    this.send(
      this.waves.saveSchedule(code, {
        intervalMinutes: Number(value.intervalMinutes),
        carrier: value.carrier.trim(),
        cutoffTime: value.cutoffTime,
        ...(zones.length > 0 ? { zones } : {}),
        pickSlaMinutes: Number(value.pickSlaMinutes),
        // Saving the settings keeps a paused schedule paused; pause and resume are their own buttons.
        paused: this.schedule()?.paused ?? false,
      }),
      this.errors,
    );
  }

  protected setPaused(paused: boolean): void {
    const code = this.warehouseCode();
    if (!code || this.busy() || !this.canEdit) return;
    this.send(this.waves.pauseSchedule(code, paused), this.pauseErrors);
  }

  private send(request: Observable<WaveSchedule>, errors: FormErrors): void {
    this.busy.set(true);
    this.errors.clear();
    this.pauseErrors.clear();
    request.subscribe({
      next: (schedule) => {
        this.busy.set(false);
        this.show(schedule);
      },
      error: (err: unknown) => {
        this.busy.set(false);
        errors.show(this.form, remapProblemPaths(err, toScheduleForm));
      },
    });
  }
}
