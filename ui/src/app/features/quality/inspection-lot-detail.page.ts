import { JsonPipe } from '@angular/common';
import { HttpClient } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, effect, inject, input, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { RouterLink } from '@angular/router';
import { errorMessage } from '../../shared/api-error';
import { LINE_TABLE_STYLES } from '../../shared/line-table.styles';
import { StatusChip } from '../../shared/status-chip';
import { InspectionLotDetail } from './quality.types';
import { ReadingsTable } from './readings-table';

/**
 * One inspection lot: where it came from, the sampling decision with its reason (rule set and version, the winning
 * rule, the rules it outranked and why they lost), the readings with their verdicts, the disposition split and the
 * nonconformances, and a link to its process instance.
 */
@Component({
  selector: 'mw-inspection-lot-detail-page',
  imports: [JsonPipe, MatButtonModule, ReadingsTable, RouterLink, StatusChip],
  template: `
    <section class="page">
      <header class="page-header">
        <h1>Inspection lot {{ lotNo() }}</h1>
        <span class="spacer"></span>
        <a mat-button routerLink="/quality/lots">All inspection lots</a>
      </header>
      @if (error(); as message) {
        <p class="error" role="alert" data-testid="qc-detail-error">{{ message }}</p>
      }
      @if (lot(); as l) {
        <dl class="facts">
          <dt>Item</dt>
          <dd data-testid="qc-detail-item">{{ l.itemSku }}</dd>
          <dt>From</dt>
          <dd>
            {{ l.source }} {{ l.sourceDocument }} line {{ l.sourceLineNo }}
            @if (l.supplierCode) {
              · supplier {{ l.supplierCode }}
            }
          </dd>
          <dt>Quantity</dt>
          <dd data-testid="qc-detail-quantity">{{ l.quantity }} at {{ l.locationCode }}</dd>
          <dt>Status</dt>
          <dd><mw-status-chip data-testid="qc-detail-status" [attr.data-status]="l.status" [status]="l.status" /></dd>
          <dt>Verdict</dt>
          <dd data-testid="qc-detail-verdict" [attr.data-verdict]="l.verdict">
            {{ l.verdict ?? '—' }}
            @if (l.nonconformingUnits !== null) {
              ({{ l.nonconformingUnits }} nonconforming units)
            }
            @if (l.readingsBy) {
              · read by {{ l.readingsBy }}
            }
          </dd>
          <dt>Process</dt>
          <dd>
            <a [routerLink]="['/processes', l.workflowId]" data-testid="qc-detail-process">{{ l.workflowId }}</a>
          </dd>
        </dl>

        <h2>Sampling decision</h2>
        <p data-testid="qc-detail-reason">{{ l.sampling.reason }}</p>
        <dl class="facts">
          <dt>Sample</dt>
          <dd data-testid="qc-detail-sample">
            {{ l.sampleSize }} · Ac {{ l.ac ?? '—' }} / Re {{ l.re ?? '—' }} · {{ l.severity ?? '—' }} ·
            {{ l.sampling.result }}
          </dd>
          <dt>Why this sample</dt>
          <dd>{{ l.sampling.sampleReason }}</dd>
          <dt>Rules</dt>
          <dd>quality-sampling #{{ l.sampling.ruleSetId }} v{{ l.sampling.ruleSetVersion }}</dd>
          <dt>Winning rule</dt>
          <dd data-testid="qc-detail-rule">
            {{ l.sampling.rule ?? (l.sampling.usedDefault ? 'default policy' : '—') }}
          </dd>
          <dt>Plan version</dt>
          <dd>{{ l.planVersion ?? '—' }}</dd>
        </dl>
        @if (l.sampling.outranked.length) {
          <h3>Rules it outranked</h3>
          <ul data-testid="qc-detail-outranked">
            @for (o of l.sampling.outranked; track o.rule) {
              <li>{{ o.rule }} (priority {{ o.priority }}): {{ o.lostBecause }}</li>
            }
          </ul>
        }
        <details>
          <summary>Facts and policy</summary>
          <pre>{{ l.sampling.facts | json }}</pre>
          <pre>{{ l.sampling.policy | json }}</pre>
        </details>

        <h2>Readings</h2>
        @if (l.readings.length) {
          <mw-readings-table [readings]="l.readings" />
        } @else {
          <p class="muted">No readings yet.</p>
        }

        <h2>Disposition</h2>
        @if (l.dispositions.length) {
          <table class="lines" data-testid="qc-detail-split">
            <thead>
              <tr>
                <th>Part</th>
                <th>Quantity</th>
                <th>Decided by</th>
                <th>Concession</th>
                <th>Document</th>
              </tr>
            </thead>
            <tbody>
              @for (d of l.dispositions; track $index) {
                <tr data-testid="qc-detail-part" [attr.data-kind]="d.kind">
                  <td>{{ d.kind }}</td>
                  <td class="num" data-testid="qc-detail-part-quantity">{{ d.quantity }}</td>
                  <td>{{ d.decidedBy }}</td>
                  <td>{{ d.concessionBy ?? '—' }}</td>
                  <td>{{ d.documentRef ?? '—' }}</td>
                </tr>
              }
            </tbody>
          </table>
        } @else {
          <p class="muted">Not disposed yet.</p>
        }

        @if (l.nonconformances.length) {
          <h2>Nonconformances</h2>
          <table class="lines" data-testid="qc-detail-nonconformances">
            <thead>
              <tr>
                <th>Cause</th>
                <th>Quantity</th>
                <th>Action</th>
                <th>Supplier</th>
              </tr>
            </thead>
            <tbody>
              @for (n of l.nonconformances; track $index) {
                <tr data-testid="qc-detail-nonconformance">
                  <td>{{ n.cause }}</td>
                  <td class="num">{{ n.quantity }}</td>
                  <td>{{ n.action }}</td>
                  <td>{{ n.supplierCode ?? '—' }}</td>
                </tr>
              }
            </tbody>
          </table>
        }
      }
    </section>
  `,
  styles: [
    LINE_TABLE_STYLES,
    `
      .facts {
        display: grid;
        grid-template-columns: max-content 1fr;
        gap: 4px 16px;
      }
      .bad {
        color: var(--mat-sys-error, #b3261e);
      }
      pre {
        font-size: 12px;
      }
    `,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class InspectionLotDetailPage {
  private readonly http = inject(HttpClient);
  /** From the route (`:lotNo`, bound by the router's component input binding). */
  readonly lotNo = input.required<string>();
  protected readonly lot = signal<InspectionLotDetail | null>(null);
  protected readonly error = signal<string | null>(null);

  constructor() {
    effect(() => {
      const lotNo = this.lotNo();
      this.http.get<InspectionLotDetail>(`/api/inspection-lots/${encodeURIComponent(lotNo)}`).subscribe({
        next: (lot) => {
          this.lot.set(lot);
          this.error.set(null);
        },
        error: (err: unknown) => this.error.set(errorMessage(err)),
      });
    });
  }
}
