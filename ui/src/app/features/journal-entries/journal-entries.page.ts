import { ChangeDetectionStrategy, Component, computed, inject, viewChild } from '@angular/core';
import { AuthService } from '../../core/auth/auth.service';
import { DataList } from '../../shared/list/data-list';
import { ListColumn, ListFilter } from '../../shared/list/list.types';
import { JournalEntryForm } from './journal-entry-form';
import { JournalEntryImport } from './journal-entry-import';
import { ManualEntry } from './journal-entry.service';

const COLUMNS: ListColumn<ManualEntry>[] = [
  { key: 'reference', label: 'Reference', essential: true },
  { key: 'entryDate', label: 'Date', essential: true },
  { key: 'period', label: 'Period', sortable: false },
  {
    key: 'accounts',
    label: 'Accounts',
    sortable: false,
    value: (e) => e.lines.map((l) => `${l.account} ${l.debit > 0 ? 'Dr' : 'Cr'}`).join(', '),
  },
  { key: 'total', label: 'Amount', money: true, sortable: false, essential: true },
  { key: 'reason', label: 'Reason', sortable: false },
  { key: 'adjustment', label: 'Adjustment', sortable: false },
  { key: 'createdBy', label: 'By', sortable: false },
  { key: 'createdAt', label: 'Booked' },
];

const FILTERS: ListFilter[] = [
  { key: 'period', label: 'Period (YYYY-MM)' },
  { key: 'reference', label: 'Reference' },
];

/**
 * Manual journal entries: the actual costs from outside (payroll, energy, rent, accruals) the period close
 * distributes. Controllers post one or import many; auditors read.
 */
@Component({
  selector: 'mw-journal-entries-page',
  imports: [DataList, JournalEntryForm, JournalEntryImport],
  template: `
    <section class="page">
      <header class="page-header"><h1>Journal entries</h1></header>
      @if (canPost()) {
        <h2>New entry</h2>
        <mw-journal-entry-form (saved)="list()?.reload()" />
        <h2>Import entries</h2>
        <mw-journal-entry-import (imported)="list()?.reload()" />
      }
      <h2>Entries</h2>
      <mw-data-list
        resource="journal-entries"
        [columns]="columns"
        [filters]="filters"
        rowKey="id"
        defaultSort="-createdAt"
        [showActive]="false"
        noun="journal entries"
        rowTestId="je-row"
        [rowAttributes]="rowAttributes"
      />
    </section>
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class JournalEntriesPage {
  private readonly auth = inject(AuthService);
  protected readonly list = viewChild(DataList);
  protected readonly canPost = computed(() => this.auth.hasAnyRole('controller', 'admin'));
  protected readonly columns = COLUMNS as ListColumn<never>[];
  protected readonly filters = FILTERS;
  protected readonly rowAttributes = (row: Record<string, unknown>) => ({ 'data-reference': String(row['reference']) });
}
