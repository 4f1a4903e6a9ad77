import { ChangeDetectionStrategy, Component, computed, inject, input, viewChild } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { ActivatedRoute, Router, RouterLink } from '@angular/router';
import { AuthService } from '../../core/auth/auth.service';
import { openCsvImport } from '../../shared/csv-import-dialog';
import { DataList } from '../../shared/list/data-list';
import { MasterRecord, ResourceConfig } from './resource.types';

/** The list of one master-data resource, on the shared list, with New and CSV import for those who may write. */
@Component({
  selector: 'mw-master-list-page',
  imports: [DataList, RouterLink, MatButtonModule],
  template: `
    <section class="page">
      <header class="page-header">
        <h1 data-testid="page-title">{{ config().title }}</h1>
      </header>
      <mw-data-list
        [resource]="config().resource"
        [columns]="config().columns"
        [filters]="config().filters ?? []"
        [rowKey]="config().key"
        [defaultSort]="config().defaultSort ?? ''"
        [noun]="config().title.toLowerCase()"
        (rowOpen)="open($event)"
      >
        @if (canWrite()) {
          <button mat-stroked-button type="button" data-testid="list-import" (click)="importCsv()">Import CSV</button>
          <a mat-flat-button routerLink="new" data-testid="list-new">New {{ config().singular }}</a>
        }
      </mw-data-list>
    </section>
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class MasterListPage {
  private readonly auth = inject(AuthService);
  private readonly dialog = inject(MatDialog);
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);
  private readonly list = viewChild.required(DataList);

  /** From the route's data. */
  readonly config = input.required<ResourceConfig>();
  protected readonly canWrite = computed(() => this.auth.hasAnyRole(...this.config().writeRoles));

  protected open(row: MasterRecord): void {
    void this.router.navigate([String(row[this.config().key])], { relativeTo: this.route });
  }

  protected importCsv(): void {
    const { resource, title } = this.config();
    openCsvImport(this.dialog, { resource, title: `Import ${title.toLowerCase()} from CSV` }).subscribe((applied) => {
      if (applied) this.list().reload();
    });
  }
}
