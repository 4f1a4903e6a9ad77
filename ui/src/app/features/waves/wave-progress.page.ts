import { DecimalPipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, DestroyRef, effect, inject, input, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { RouterLink } from '@angular/router';
import { forkJoin } from 'rxjs';
import { errorMessage } from '../../shared/api-error';
import { StatusChip } from '../../shared/status-chip';
import { WaveService } from './wave.service';
import { WaveProgress, WaveTask } from './wave.types';

/** While the wave still works its state changes (orders join, zones get picked): the page reads it again this often. */
const POLL_MS = 2000;
const ENDED = new Set(['completed', 'cancelled']);
const OPEN = new Set(['open', 'claimed']);
/** A wave released a moment ago may not answer its query yet: the page asks again this many times before it gives up. */
const RETRIES = 15;

/**
 * A wave's progress (issue 20): its step, the bins it walks against the orders' own walks, each zone's pick task and
 * path (bin by bin in walking order), the pick-face replenishment the zones wait for (its moves), the sort task, and each order's part (joined, released to packing, or left and
 * why). The tasks open on the task page, where the zone pick and sort forms work at 390 px.
 */
@Component({
  selector: 'mw-wave-progress-page',
  imports: [DecimalPipe, RouterLink, MatButtonModule, StatusChip],
  templateUrl: './wave-progress.page.html',
  styleUrl: './waves.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class WaveProgressPage {
  private readonly waves = inject(WaveService);
  readonly waveId = input.required<string>();

  protected readonly progress = signal<WaveProgress | null>(null);
  protected readonly tasks = signal<WaveTask[]>([]);
  protected readonly loadError = signal<string | null>(null);
  protected readonly sortTask = computed(() => this.tasks().find((t) => t.taskType === 'wave-sort') ?? null);
  protected readonly replenishTask = computed(
    () => this.tasks().find((t) => t.taskType === 'wave-replenish' && OPEN.has(t.status)) ?? null,
  );
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor() {
    effect(() => this.load(this.waveId()));
    inject(DestroyRef).onDestroy(() => clearTimeout(this.timer));
  }

  protected zoneTask(zoneCode: string): WaveTask | null {
    return this.tasks().find((t) => t.taskType === 'wave-pick' && t.payload?.zoneCode === zoneCode) ?? null;
  }

  /** A zone whose picks wait for the pick-face replenishment still open. */
  protected waitsForReplenishment(zoneCode: string): boolean {
    const replenishment = this.progress()?.replenishment;
    return replenishment?.status === 'open' && replenishment.waitingZones.includes(zoneCode);
  }

  protected pickedIn(zoneCode: string): string | null {
    return this.progress()?.picked.find((p) => p.zoneCode === zoneCode)?.pickedBy ?? null;
  }

  private load(waveId: string, failures = 0): void {
    clearTimeout(this.timer);
    forkJoin([this.waves.progress(waveId), this.waves.tasks(waveId)]).subscribe({
      next: ([progress, tasks]) => {
        this.loadError.set(null);
        this.progress.set(progress);
        this.tasks.set(tasks);
        if (!ENDED.has(progress.step)) this.timer = setTimeout(() => this.load(waveId), POLL_MS);
      },
      error: (err: unknown) => {
        // The first miss right after the release is expected: said only when the wave keeps not answering.
        if (failures > 0) this.loadError.set(errorMessage(err));
        if (failures < RETRIES) this.timer = setTimeout(() => this.load(waveId, failures + 1), POLL_MS);
      },
    });
  }
}
