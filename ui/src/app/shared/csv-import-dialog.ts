import { HttpClient, HttpHeaders } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialog, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatTableModule } from '@angular/material/table';
import { Observable } from 'rxjs';
import { silentErrors } from '../core/http/http-context';
import { errorMessage } from './api-error';
import { apiProblemOf } from './field-errors';

export interface CsvImportData {
  /** The API collection (`items`, `customers` ...): posts to /api/<resource>/import. */
  resource: string;
  title: string;
}

/** A successful dry-run or apply. */
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

function importProblems(err: unknown): ImportProblem[] {
  const details = (apiProblemOf(err)?.details ?? []) as unknown as Partial<ImportProblem & { path: string }>[];
  return details.map((d) => ({
    line: typeof d.line === 'number' ? d.line : null,
    column: d.column ?? null,
    message: String(d.message ?? d.path ?? ''),
  }));
}

/** Opens the import dialog; resolves with whether an import was applied (so the list can reload). */
export function openCsvImport(dialog: MatDialog, data: CsvImportData): Observable<boolean | undefined> {
  return dialog
    .open<CsvImportDialog, CsvImportData, boolean>(CsvImportDialog, { data, width: '720px', maxWidth: '96vw' })
    .afterClosed();
}

/**
 * Bulk import of a spreadsheet: a dry-run first reports every bad row by line and column; "Apply" is only
 * offered after a clean dry-run of the very file chosen, and then writes all rows or none.
 */
@Component({
  selector: 'mw-csv-import-dialog',
  imports: [MatDialogModule, MatButtonModule, MatProgressBarModule, MatTableModule],
  templateUrl: './csv-import-dialog.html',
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
export class CsvImportDialog {
  private readonly http = inject(HttpClient);
  private readonly dialogRef = inject<MatDialogRef<CsvImportDialog, boolean>>(MatDialogRef);
  protected readonly data = inject<CsvImportData>(MAT_DIALOG_DATA);

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

  protected close(): void {
    this.dialogRef.close(this.applied());
  }

  private send(mode: ImportOutcome['mode']): void {
    const text = this.text();
    if (text === null) return;
    this.busy.set(true);
    this.problems.set([]);
    this.failure.set(null);
    this.http
      .post<ImportOutcome>(`/api/${this.data.resource}/import`, text, {
        params: { mode },
        headers: new HttpHeaders({ 'Content-Type': 'text/csv' }),
        context: silentErrors(),
      })
      .subscribe({
        next: (outcome) => {
          this.busy.set(false);
          this.outcome.set(outcome);
          this.checkedText.set(mode === 'dry-run' ? text : null);
        },
        error: (err: unknown) => {
          this.busy.set(false);
          this.outcome.set(null);
          this.checkedText.set(null);
          this.problems.set(importProblems(err));
          this.failure.set(errorMessage(err));
        },
      });
  }

  private reset(): void {
    this.outcome.set(null);
    this.problems.set([]);
    this.failure.set(null);
    this.checkedText.set(null);
  }
}
