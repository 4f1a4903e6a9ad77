import { HttpClient, HttpHeaders } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, computed, inject, input, output, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatTableModule } from '@angular/material/table';
import { silentErrors } from '../core/http/http-context';
import { errorMessage } from './api-error';
import { apiProblemOf } from './field-errors';

/** A successful dry-run or apply (an API may answer more: the BOM import lists the versions it makes). */
export interface ImportOutcome {
  mode: 'dry-run' | 'apply';
  rows: number;
  created: number;
  updated: number;
  applied: boolean;
}

/** One bad cell of the file: `line` counts from the header (line 1). */
export interface ImportProblem {
  line: number | null;
  column: string | null;
  message: string;
}

const MASTER_DATA_HINT =
  'A CSV with a header row naming the columns (the same as Export CSV). Rows are matched by their key: existing ' +
  'records are updated, new ones created. Nothing is written until a clean dry-run is applied, and then all rows ' +
  'or none.';

function importProblems(err: unknown): ImportProblem[] {
  const details = (apiProblemOf(err)?.details ?? []) as unknown as Partial<ImportProblem & { path: string }>[];
  return details.map((d) => ({
    line: typeof d.line === 'number' ? d.line : null,
    column: d.column ?? null,
    message: String(d.message ?? d.path ?? ''),
  }));
}

/**
 * Bulk import of a spreadsheet into `POST /api/<resource>/import`: a dry-run first reports every bad row by line
 * and column; "Apply" is only offered after a clean dry-run of the very file chosen, and then writes all rows or
 * none. Used in the master-data import dialog and on pages of their own (the BOM import).
 */
@Component({
  selector: 'mw-csv-import-panel',
  imports: [MatButtonModule, MatProgressBarModule, MatTableModule],
  templateUrl: './csv-import-panel.html',
  styles: `
    .file-row {
      display: flex;
      flex-wrap: wrap;
      gap: 12px;
      align-items: center;
      margin-bottom: 12px;
    }
    .counts {
      display: flex;
      flex-wrap: wrap;
      gap: 16px;
      margin: 8px 0;
    }
    .ok {
      color: #0b5223;
    }
    .errors {
      max-height: 40vh;
      overflow: auto;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class CsvImportPanel {
  private readonly http = inject(HttpClient);

  /** The API collection (`items`, `customers`, `boms` ...): posts to /api/<resource>/import. */
  readonly resource = input.required<string>();
  /** What the file holds and what applying it does, above the file picker. */
  readonly hint = input(MASTER_DATA_HINT);
  /** Each clean dry-run or apply as the API answered it; null when a run found problems or another file is picked. */
  readonly result = output<ImportOutcome | null>();

  protected readonly fileName = signal<string | null>(null);
  private readonly text = signal<string | null>(null);
  /** The text the last clean dry-run checked; Apply sends exactly that. */
  private readonly checkedText = signal<string | null>(null);
  protected readonly busy = signal(false);
  protected readonly outcome = signal<ImportOutcome | null>(null);
  protected readonly problems = signal<ImportProblem[]>([]);
  protected readonly failure = signal<string | null>(null);
  protected readonly columns = ['line', 'column', 'message'];
  protected readonly canApply = computed(
    () => !this.busy() && this.checkedText() !== null && this.checkedText() === this.text(),
  );
  protected readonly applied = computed(() => this.outcome()?.applied === true);

  protected async pick(event: Event): Promise<void> {
    const file = (event.target as HTMLInputElement).files?.[0];
    this.reset();
    this.fileName.set(file?.name ?? null);
    this.text.set(file ? await file.text() : null);
  }

  protected dryRun(): void {
    this.send('dry-run');
  }

  protected apply(): void {
    if (this.canApply()) this.send('apply');
  }

  private send(mode: ImportOutcome['mode']): void {
    const text = this.text();
    if (text === null) return;
    this.busy.set(true);
    this.problems.set([]);
    this.failure.set(null);
    this.http
      .post<ImportOutcome>(`/api/${this.resource()}/import`, text, {
        params: { mode },
        headers: new HttpHeaders({ 'Content-Type': 'text/csv' }),
        context: silentErrors(),
      })
      .subscribe({
        next: (outcome) => {
          this.busy.set(false);
          this.outcome.set(outcome);
          this.checkedText.set(mode === 'dry-run' ? text : null);
          this.result.emit(outcome);
        },
        error: (err: unknown) => {
          this.busy.set(false);
          this.outcome.set(null);
          this.checkedText.set(null);
          this.problems.set(importProblems(err));
          this.failure.set(errorMessage(err));
          this.result.emit(null);
        },
      });
  }

  private reset(): void {
    this.outcome.set(null);
    this.problems.set([]);
    this.failure.set(null);
    this.checkedText.set(null);
    this.result.emit(null);
  }
}
