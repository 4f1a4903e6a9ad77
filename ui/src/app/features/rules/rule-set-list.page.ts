import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSnackBar } from '@angular/material/snack-bar';
import { Router, RouterLink } from '@angular/router';
import { catchError, EMPTY } from 'rxjs';
import { AuthService } from '../../core/auth/auth.service';
import { errorMessage } from '../../shared/api-error';
import { RuleSetSummary } from '../../shared/api.types';
import { HumanizePipe } from '../../shared/humanize.pipe';
import { StatusChip } from '../../shared/status-chip';
import { EffectiveFromPipe } from './effective-from.pipe';
import { RuleService } from './rule.service';

/** Every rule set with its versions: which one is in force, which are drafts waiting for a second admin. */
@Component({
  selector: 'mw-rule-set-list-page',
  imports: [
    DatePipe,
    EffectiveFromPipe,
    RouterLink,
    MatCardModule,
    MatButtonModule,
    MatProgressBarModule,
    HumanizePipe,
    StatusChip,
  ],
  templateUrl: './rule-set-list.page.html',
  styleUrl: './rules.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class RuleSetListPage {
  private readonly api = inject(RuleService);
  private readonly router = inject(Router);
  private readonly snackBar = inject(MatSnackBar);
  private readonly auth = inject(AuthService);
  protected readonly isAdmin = computed(() => this.auth.hasAnyRole('admin'));

  protected readonly creating = signal<string | null>(null);
  protected readonly sets = toSignal<RuleSetSummary[] | null>(this.api.list().pipe(catchError(() => EMPTY)), {
    initialValue: null,
  });

  /** A draft copied from the newest version, opened for editing. */
  protected newDraft(set: RuleSetSummary): void {
    this.creating.set(set.code);
    this.api.createDraft(set.code).subscribe({
      next: (draft) => {
        this.creating.set(null);
        void this.router.navigate(['/rules', draft.ruleSetCode, 'versions', draft.version]);
      },
      error: (err: unknown) => {
        this.creating.set(null);
        this.snackBar.open(errorMessage(err), 'Dismiss', { duration: 6000 });
      },
    });
  }
}
