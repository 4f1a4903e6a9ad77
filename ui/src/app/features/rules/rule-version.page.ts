import { DatePipe } from '@angular/common';
import {
  ChangeDetectionStrategy,
  Component,
  computed,
  effect,
  inject,
  input,
  numberAttribute,
  signal,
  untracked,
} from '@angular/core';
import { takeUntilDestroyed, toObservable } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSnackBar } from '@angular/material/snack-bar';
import { MatTabsModule } from '@angular/material/tabs';
import { Router, RouterLink } from '@angular/router';
import { catchError, EMPTY, forkJoin, switchMap } from 'rxjs';
import { AuthService } from '../../core/auth/auth.service';
import { errorMessage } from '../../shared/api-error';
import { RuleSetSummary, RuleSetVersion } from '../../shared/api.types';
import { ErrorSummary } from '../../shared/field-error';
import { HumanizePipe } from '../../shared/humanize.pipe';
import { StatusChip } from '../../shared/status-chip';
import { BackTestPanel } from './back-test-panel';
import { ContentDraft } from './content-draft';
import { DecisionsPanel } from './decisions-panel';
import { DiffPanel } from './diff-panel';
import { DryRunPanel } from './dry-run-panel';
import { EffectiveFromPipe } from './effective-from.pipe';
import { SAMPLE_FACTS } from './rule-catalogue';
import { toJson } from './rule-content';
import { RuleEditor } from './rule-editor';
import { PathFieldErrors } from './rule-errors';
import { visibleFields } from './rule-fields';
import { RuleService } from './rule.service';

const TESTING_TAB = 1;

/**
 * One rule-set version: the structured editor and the raw JSON (one `content`, two views), saving with the
 * server's validation paths, dry runs, back-tests, diffs, four-eyes publishing, retirement and its decisions.
 */
@Component({
  selector: 'mw-rule-version-page',
  imports: [
    DatePipe,
    EffectiveFromPipe,
    RouterLink,
    MatButtonModule,
    MatFormFieldModule,
    MatInputModule,
    MatProgressBarModule,
    MatTabsModule,
    HumanizePipe,
    StatusChip,
    RuleEditor,
    DryRunPanel,
    BackTestPanel,
    DiffPanel,
    DecisionsPanel,
    ErrorSummary,
  ],
  templateUrl: './rule-version.page.html',
  styleUrl: './rules.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class RuleVersionPage {
  private readonly api = inject(RuleService);
  private readonly auth = inject(AuthService);
  private readonly router = inject(Router);
  private readonly snackBar = inject(MatSnackBar);

  /** Route params. */
  readonly code = input.required<string>();
  readonly version = input.required<number, unknown>({ transform: numberAttribute });

  protected readonly stored = signal<RuleSetVersion | null>(null);
  protected readonly ruleSet = signal<RuleSetSummary | null>(null);
  protected readonly loadError = signal<string | null>(null);
  protected readonly draft = new ContentDraft();
  /** The last refused action: each problem on the editor field it names, the rest in the summary. */
  protected readonly fieldErrors = new PathFieldErrors();
  protected readonly busy = signal<string | null>(null);
  protected readonly confirmingRetire = signal(false);
  protected readonly effectiveFrom = signal('');
  protected readonly factsText = signal('');
  protected readonly tabIndex = signal(0);

  protected readonly isAdmin = computed(() => this.auth.hasAnyRole('admin'));
  protected readonly canDryRun = computed(() => this.auth.hasAnyRole('admin', 'auditor'));
  protected readonly status = computed(() => this.stored()?.status ?? null);
  protected readonly editable = computed(() => this.isAdmin() && this.status() === 'draft');
  protected readonly inForce = computed(() => this.ruleSet()?.inForce === this.version());
  protected readonly dirty = this.draft.dirty;
  /** Why Publish is disabled, said next to the button (the server enforces the same). */
  protected readonly publishHint = computed(() => {
    if (this.stored()?.author === this.auth.user()?.username) {
      return `You wrote version ${this.version()}; a second admin must publish it (four-eyes).`;
    }
    return this.dirty() ? 'Save your changes before publishing.' : null;
  });

  private readonly key = computed(() => ({ code: this.code(), version: this.version() }));

  constructor() {
    // The shown fields follow the content (form or JSON): a field the user changes loses its server error.
    effect(() => {
      const content = this.draft.content();
      const type = this.stored()?.type;
      if (content && type) untracked(() => this.fieldErrors.sync(visibleFields(content, type)));
    });
    // Validation errors are about unsaved content: once it is back to the saved (valid) content they are moot.
    effect(() => {
      if (!this.dirty() && untracked(() => this.fieldErrors.shownCode()) === 'RULE_SET_INVALID') {
        untracked(() => this.fieldErrors.clear());
      }
    });
    toObservable(this.key)
      .pipe(
        switchMap(({ code, version }) => {
          this.reset();
          return forkJoin([this.api.version(code, version), this.api.list()]).pipe(
            catchError((err: unknown) => {
              this.loadError.set(errorMessage(err));
              return EMPTY;
            }),
          );
        }),
        takeUntilDestroyed(),
      )
      .subscribe(([version, sets]) => {
        this.apply(version);
        this.ruleSet.set(sets.find((set) => set.code === version.ruleSetCode) ?? null);
        this.factsText.set(toJson(SAMPLE_FACTS[version.type] ?? {}));
      });
  }

  private reset(): void {
    this.stored.set(null);
    this.loadError.set(null);
    this.fieldErrors.clear();
    this.confirmingRetire.set(false);
    this.tabIndex.set(0);
  }

  private apply(version: RuleSetVersion): void {
    this.stored.set(version);
    this.draft.load(version.content);
  }

  private reloadList(): void {
    this.api.list().subscribe((sets) => this.ruleSet.set(sets.find((set) => set.code === this.code()) ?? null));
  }

  /** For the unsaved-changes guard. */
  hasUnsavedChanges(): boolean {
    return this.editable() && this.dirty();
  }

  /** Sends the JSON as typed: the server validates it and names the path of every problem. */
  protected save(): void {
    const parsed = this.draft.parse();
    if (!parsed.ok) return;
    this.act('save', this.api.saveDraft(this.code(), this.version(), parsed.value), (saved) => {
      this.apply(saved);
      this.snackBar.open(`Version ${saved.version} saved`, undefined, { duration: 3000 });
    });
  }

  /** A new draft with this version's content (as saved). */
  protected newDraft(): void {
    const stored = this.stored();
    if (!stored) return;
    this.act('draft', this.api.createDraft(this.code(), stored.content), (draft) => {
      this.snackBar.open(`Draft version ${draft.version} created`, undefined, { duration: 3000 });
      void this.router.navigate(['/rules', draft.ruleSetCode, 'versions', draft.version]);
    });
  }

  protected publish(): void {
    const typed = this.effectiveFrom();
    const effectiveFrom = typed ? new Date(typed).toISOString() : undefined;
    this.act('publish', this.api.publish(this.code(), this.version(), effectiveFrom), (published) => {
      this.apply(published);
      this.snackBar.open(`Version ${published.version} published`, undefined, { duration: 3000 });
    });
  }

  protected retire(): void {
    this.confirmingRetire.set(false);
    this.act('retire', this.api.retire(this.code(), this.version()), (retired) => {
      this.apply(retired);
      this.snackBar.open(`Version ${retired.version} retired`, undefined, { duration: 3000 });
    });
  }

  /** A recorded decision's facts, loaded into the dry run. */
  protected dryRunFacts(facts: unknown): void {
    this.factsText.set(toJson(facts));
    this.tabIndex.set(TESTING_TAB);
  }

  private act(name: string, request: ReturnType<RuleService['saveDraft']>, done: (v: RuleSetVersion) => void): void {
    this.busy.set(name);
    this.fieldErrors.clear();
    request.subscribe({
      next: (version) => {
        this.busy.set(null);
        done(version);
        this.reloadList();
      },
      error: (err: unknown) => {
        this.busy.set(null);
        this.fieldErrors.show(err);
        // The editor's fields carry the problems: show them, wherever the action was started from.
        if (this.fieldErrors.shownCode() === 'RULE_SET_INVALID') this.tabIndex.set(0);
      },
    });
  }
}
