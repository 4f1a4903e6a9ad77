import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialog, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { Observable } from 'rxjs';
import { CsvImportPanel, type ImportOutcome } from './csv-import-panel';

export type { ImportOutcome, ImportProblem } from './csv-import-panel';

export interface CsvImportData {
  /** The API collection (`items`, `customers` ...): posts to /api/<resource>/import. */
  resource: string;
  title: string;
}

/** Opens the import dialog; resolves with whether an import was applied (so the list can reload). */
export function openCsvImport(dialog: MatDialog, data: CsvImportData): Observable<boolean | undefined> {
  return dialog
    .open<CsvImportDialog, CsvImportData, boolean>(CsvImportDialog, { data, width: '720px', maxWidth: '96vw' })
    .afterClosed();
}

/** The master-data lists' bulk import: the shared import panel in a dialog that tells the list whether to reload. */
@Component({
  selector: 'mw-csv-import-dialog',
  imports: [MatDialogModule, MatButtonModule, CsvImportPanel],
  templateUrl: './csv-import-dialog.html',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class CsvImportDialog {
  private readonly dialogRef = inject<MatDialogRef<CsvImportDialog, boolean>>(MatDialogRef);
  protected readonly data = inject<CsvImportData>(MAT_DIALOG_DATA);
  /** Whether any import was applied while the dialog was open (a later file picked does not undo it). */
  private applied = false;

  protected noteResult(outcome: ImportOutcome | null): void {
    this.applied ||= outcome?.applied === true;
  }

  protected close(): void {
    this.dialogRef.close(this.applied);
  }
}
