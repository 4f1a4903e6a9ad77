import { ChangeDetectionStrategy, Component, inject, output, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { ActionKey } from '../../shared/action-key';
import { errorMessage } from '../../shared/api-error';
import { apiProblemOf } from '../../shared/field-errors';
import { JournalEntryService } from './journal-entry.service';

/** One bad cell of the file, as the API names it (line counts from the header, line 1). */
interface RowProblem {
  line: number | null;
  column: string | null;
  message: string;
}

/**
 * Imports many manual entries from a CSV (entryRef, date, account, debit, credit, memo; rows of one entryRef form
 * one entry) with one reason. The server checks the whole file and writes all entries or none; every bad row is
 * listed here by line and column.
 */
@Component({
  selector: 'mw-journal-entry-import',
  imports: [FormsModule, MatButtonModule, MatFormFieldModule, MatInputModule],
  template: `
    <div class="import" data-testid="je-import">
      <p>CSV columns: entryRef, date, account, debit, credit, memo (the same as Export CSV).</p>
      <mat-form-field class="reason">
        <mat-label>Reason for the import</mat-label>
        <input matInput [(ngModel)]="reason" maxlength="300" data-testid="je-import-reason" />
      </mat-form-field>
      <input type="file" accept=".csv,text/csv" #file data-testid="je-import-file" />
      <button
        mat-stroked-button
        type="button"
        data-testid="je-import-submit"
        [disabled]="busy()"
        (click)="upload(file)"
      >
        Import
      </button>
      @if (message(); as text) {
        <p role="status" data-testid="je-import-message">{{ text }}</p>
      }
      @if (problems().length) {
        <table data-testid="je-import-problems">
          <thead>
            <tr>
              <th>Line</th>
              <th>Column</th>
              <th>Problem</th>
            </tr>
          </thead>
          <tbody>
            @for (problem of problems(); track $index) {
              <tr data-testid="je-import-problem" [attr.data-line]="problem.line" [attr.data-column]="problem.column">
                <td>{{ problem.line }}</td>
                <td>{{ problem.column }}</td>
                <td>{{ problem.message }}</td>
              </tr>
            }
          </tbody>
        </table>
      }
    </div>
  `,
  styles: `
    .reason {
      min-width: 320px;
    }
    th,
    td {
      padding: 4px 8px 4px 0;
      text-align: left;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class JournalEntryImport {
  private readonly service = inject(JournalEntryService);
  private readonly key = new ActionKey();
  readonly imported = output<number>();
  protected reason = '';
  protected readonly busy = signal(false);
  protected readonly message = signal<string | null>(null);
  protected readonly problems = signal<RowProblem[]>([]);

  protected async upload(input: HTMLInputElement): Promise<void> {
    const file = input.files?.[0];
    if (!file) {
      this.message.set('Choose a CSV file first');
      return;
    }
    if (!this.reason.trim()) {
      this.message.set('Give the reason for the import (kept in the audit log)');
      return;
    }
    const text = await file.text();
    this.key.reset();
    this.busy.set(true);
    this.problems.set([]);
    this.message.set(null);
    this.service.import(text, this.reason.trim(), this.key.take()).subscribe({
      next: (result) => {
        this.busy.set(false);
        this.message.set(`Imported ${result.entries} entries`);
        this.imported.emit(result.entries);
      },
      error: (err: unknown) => {
        this.busy.set(false);
        const details = (apiProblemOf(err)?.details ?? []) as Array<Partial<RowProblem> & { path?: string }>;
        this.problems.set(
          details.map((d) => ({ line: d.line ?? null, column: d.column ?? null, message: String(d.message ?? '') })),
        );
        this.message.set(errorMessage(err));
      },
    });
  }
}
