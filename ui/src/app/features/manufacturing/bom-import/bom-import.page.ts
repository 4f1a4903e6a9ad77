import { ChangeDetectionStrategy, Component, computed, signal } from '@angular/core';
import { RouterLink } from '@angular/router';
import { CsvImportPanel, type ImportOutcome } from '../../../shared/csv-import-panel';

/** The BOM import's answer: the shared import counts (BOM lines) and the new version per parent in the file. */
interface BomImportOutcome extends ImportOutcome {
  boms?: Array<{ itemSku: string; version: number; lines: number }>;
}

const HEADER = 'parent_sku,effective_from,phantom,line_no,component_sku,quantity_per,scrap_percent';

/** The file's columns as a planner reads them (the API checks every one, naming line and column). */
const COLUMNS = [
  { name: 'parent_sku', means: 'The item the BOM is for; its rows make one new version of it.' },
  { name: 'effective_from', means: 'YYYY-MM-DD, the same on every row of a parent.' },
  { name: 'phantom', means: 'yes / no (empty = no): a phantom sub-assembly is never stocked.' },
  { name: 'line_no', means: 'Whole number, unique within the parent.' },
  { name: 'component_sku', means: 'An existing item, not the parent, once per parent; no cycles.' },
  { name: 'quantity_per', means: 'Per one parent, greater than 0.' },
  { name: 'scrap_percent', means: 'Planned scrap, 0 to under 100 (empty = 0).' },
];

/**
 * Bulk import of bills of materials from CSV, as a PLM system hands them over (POST /api/boms/import), on the
 * shared import panel: a dry-run lists every bad row by line and column, apply writes every version or none. The
 * versions the file makes (or would make) link to the BOM page.
 */
@Component({
  selector: 'mw-bom-import-page',
  imports: [CsvImportPanel, RouterLink],
  templateUrl: './bom-import.page.html',
  styleUrl: '../manufacturing-forms.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class BomImportPage {
  protected readonly columns = COLUMNS;
  protected readonly hint =
    'A CSV with this header row, one row per BOM line. Existing versions never change: each parent in the file ' +
    'gets a new version. Nothing is written until a clean dry-run is applied, and then every version or none.';
  protected readonly templateHref = `data:text/csv;charset=utf-8,${encodeURIComponent(`${HEADER}\r\n`)}`;

  protected readonly outcome = signal<BomImportOutcome | null>(null);
  protected readonly versions = computed(() => this.outcome()?.boms ?? []);

  protected noteResult(outcome: ImportOutcome | null): void {
    this.outcome.set(outcome as BomImportOutcome | null);
  }
}
