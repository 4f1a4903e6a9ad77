import { DecimalPipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { Router } from '@angular/router';
import { of } from 'rxjs';
import { ItemPicker } from '../reports/item-picker';
import { ManufacturingService } from './manufacturing.service';
import { RoutingVersionForm } from './routing-version-form';

/** An item's routings: every version (newest first) with its operations, and a form for the next version. */
@Component({
  selector: 'mw-routing-page',
  imports: [DecimalPipe, ItemPicker, RoutingVersionForm],
  template: `
    <section class="page">
      <header class="page-header"><h1>Routings</h1></header>
      <mw-item-picker label="Item" testId="routing-item" [sku]="sku()" (picked)="pick($event)" />
      @if (sku()) {
        @for (v of versionRows(); track v.version) {
          <div class="version" data-testid="routing-version" [attr.data-version]="v.version">
            <p>
              <strong>v{{ v.version }}</strong> from {{ v.effectiveFrom }}
              @if (v.note) {
                · {{ v.note }}
              }
            </p>
            <div class="scroll">
              <table class="plain">
                <thead>
                  <tr>
                    <th class="num">Seq</th>
                    <th>Work centre</th>
                    <th>Operation</th>
                    <th class="num">Setup h</th>
                    <th class="num">Run h / unit</th>
                  </tr>
                </thead>
                <tbody>
                  @for (op of v.operations; track op.seq) {
                    <tr data-testid="routing-operation" [attr.data-seq]="op.seq">
                      <td class="num">{{ op.seq }}</td>
                      <td>
                        {{ op.workCentreCode }} <span class="muted">{{ op.workCentreName ?? '' }}</span>
                      </td>
                      <td>{{ op.description }}</td>
                      <td class="num">{{ op.setupHours | number: '1.0-4' }}</td>
                      <td class="num">{{ op.runHoursPerUnit | number: '1.0-6' }}</td>
                    </tr>
                  }
                </tbody>
              </table>
            </div>
          </div>
        } @empty {
          <p class="muted" data-testid="routing-none">No routing yet: create the first version below.</p>
        }
        <h2>New version</h2>
        <mw-routing-version-form [sku]="sku()" (created)="versions.reload()" />
      } @else {
        <p class="muted">Pick an item to see its routings.</p>
      }
    </section>
  `,
  styleUrl: './manufacturing-forms.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class RoutingPage {
  private readonly api = inject(ManufacturingService);
  private readonly router = inject(Router);
  /** Query parameter (bound by the router). */
  readonly sku = input<string>('');

  protected readonly versions = rxResource({
    params: () => this.sku(),
    stream: ({ params }) => (params ? this.api.routingVersions(params) : of([])),
  });

  /** A resource in error throws on value(): an item without routings reads as none. */
  protected readonly versionRows = computed(() => (this.versions.hasValue() ? this.versions.value() : []));

  protected pick(sku: string): void {
    void this.router.navigate([], { queryParams: { sku: sku || null }, replaceUrl: true });
  }
}
