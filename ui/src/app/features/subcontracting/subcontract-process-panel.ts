import { DecimalPipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { MatCardModule } from '@angular/material/card';
import { RouterLink } from '@angular/router';
import { HistoryTimeline } from '../processes/history-timeline';
import { ProcessService } from '../processes/process.service';
import { StatusChip } from '../../shared/status-chip';

/** The part of the subcontract-order process's live state the panel shows (workflows/subcontract-order contract). */
interface SubcontractProcessState {
  step: string;
  taskId: string | null;
  approvedBy: string | null;
  consumption: { method: string; overDeliveryPercent: number; version: number | null; reason: string } | null;
  deliveries: Array<{
    deliveryNo: number;
    finishedQuantity: number;
    componentsValue: number;
    feeAccrued: number;
    finishedValue: number;
    consumed: Array<{ lineNo: number; sku: string; quantity: number; reason: string }>;
  }>;
  refusal: string | null;
  cancelReason: string | null;
}

/**
 * The order's process beside its document: where it stands (step, the open task), the consumption rule pinned at
 * approval and why, what each delivery consumed (with the reason per component) and cost, and the history in
 * business terms, the way the production order page shows its process. Read from the process query (live state).
 */
@Component({
  selector: 'mw-subcontract-process-panel',
  imports: [DecimalPipe, MatCardModule, RouterLink, StatusChip, HistoryTimeline],
  template: `
    <mat-card data-testid="sc-process">
      <mat-card-header><mat-card-title>Process</mat-card-title></mat-card-header>
      <mat-card-content>
        @if (detail.value(); as d) {
          <p>
            Step <mw-status-chip data-testid="sc-process-step" [status]="state()?.step ?? d.instance.status" /> ·
            <a [routerLink]="['/processes', workflowId()]">instance</a>
            @if (openTask(); as task) {
              · open task: <a [routerLink]="['/tasks', task.id]" data-testid="sc-process-task">{{ task.title }}</a>
            }
          </p>
          @if (state()?.consumption; as rule) {
            <p data-testid="sc-process-consumption">{{ rule.reason }}</p>
          }
          @if (state()?.refusal; as refusal) {
            <p class="error" data-testid="sc-process-refusal">Last entry refused: {{ refusal }}</p>
          }
          @for (delivery of state()?.deliveries ?? []; track delivery.deliveryNo) {
            <p data-testid="sc-process-delivery">
              Delivery {{ delivery.deliveryNo }}: {{ delivery.finishedQuantity | number }} finished at
              {{ delivery.finishedValue | number: '1.2-2' }} (components
              {{ delivery.componentsValue | number: '1.2-2' }} + fee {{ delivery.feeAccrued | number: '1.2-2' }}) ·
              @for (line of delivery.consumed; track line.lineNo) {
                <span class="muted">{{ line.sku }}: {{ line.reason }}; </span>
              }
            </p>
          }
          <mw-history-timeline [events]="d.history" [steps]="d.timeline ?? []" />
        } @else if (detail.error()) {
          <p class="muted" data-testid="sc-process-none">No process is running for this order.</p>
        }
      </mat-card-content>
    </mat-card>
  `,
  styles: `
    .error {
      color: var(--mat-sys-error);
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SubcontractProcessPanel {
  private readonly processes = inject(ProcessService);
  readonly workflowId = input.required<string>();

  protected readonly detail = rxResource({
    params: () => this.workflowId(),
    stream: ({ params }) => this.processes.get(params),
  });
  protected readonly state = computed(() => (this.detail.value()?.state ?? null) as SubcontractProcessState | null);
  protected readonly openTask = computed(() => this.detail.value()?.tasks.find((task) => task.status === 'open'));
}
