import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { MoneyPipe } from '../../shared/money.pipe';
import { CloseProof, CloseReconciliation } from './period-close.types';

/**
 * The close's figures, shared by the cockpit and the approval task: each reconciliation (subledger against its
 * control account, the difference) and the proof (debits against credits, the closing balances, what failed).
 */
@Component({
  selector: 'mw-period-close-figures',
  imports: [MoneyPipe],
  template: `
    @if (reconciliations().length) {
      <h3>Reconciliations</h3>
      <table class="figures" data-testid="close-reconciliations">
        <thead>
          <tr>
            <th>Subledger</th>
            <th>Account</th>
            <th class="num">Subledger</th>
            <th class="num">Account</th>
            <th class="num">Difference</th>
          </tr>
        </thead>
        <tbody>
          @for (r of reconciliations(); track r.name) {
            <tr data-testid="close-reconciliation" [attr.data-name]="r.name" [class.off]="r.difference !== 0">
              <td>{{ r.name }}</td>
              <td>{{ r.account }}{{ r.accountName ? ' ' + r.accountName : '' }}</td>
              <td class="num">{{ r.subledgerAtPeriodEnd | money }}</td>
              <td class="num">{{ r.accountAtPeriodEnd | money }}</td>
              <td class="num" data-testid="close-reconciliation-difference">{{ r.difference | money }}</td>
            </tr>
            @for (s of r.suspectEntries ?? []; track s.entryId) {
              <tr class="suspect" data-testid="close-suspect-entry">
                <td colspan="4">
                  Entry {{ s.entryId }} ({{ s.sourceType }} {{ s.sourceRef }}) has no subledger document
                </td>
                <td class="num">{{ s.amount | money }}</td>
              </tr>
            }
          }
        </tbody>
      </table>
    }
    @if (proof(); as p) {
      <h3>Proof</h3>
      <dl class="proof" data-testid="close-proof" [attr.data-holds]="p.holds">
        <dt>Holds</dt>
        <dd data-testid="close-proof-holds">{{ p.holds ? 'yes' : 'no' }}</dd>
        <dt>Period debits</dt>
        <dd data-testid="close-proof-debit">{{ p.periodDebit | money }}</dd>
        <dt>Period credits</dt>
        <dd data-testid="close-proof-credit">{{ p.periodCredit | money }}</dd>
        <dt>Unbalanced entries</dt>
        <dd>{{ p.unbalancedEntries }}</dd>
        <dt>Closing debits</dt>
        <dd data-testid="close-proof-closing-debit">{{ p.closingDebit | money }}</dd>
        <dt>Closing credits</dt>
        <dd data-testid="close-proof-closing-credit">{{ p.closingCredit | money }}</dd>
        @if (p.chainBreaks.length) {
          <dt>Chain breaks</dt>
          <dd>{{ p.chainBreaks.join(', ') }}</dd>
        }
        @if (p.reconciliationsFailing.length) {
          <dt>Reconciliations failing</dt>
          <dd>{{ p.reconciliationsFailing.join(', ') }}</dd>
        }
      </dl>
      @if (p.problems.length) {
        <ul class="problems" data-testid="close-proof-problems">
          @for (problem of p.problems; track $index) {
            <li>{{ problem }}</li>
          }
        </ul>
      }
    }
  `,
  styles: `
    .figures {
      border-collapse: collapse;
      th,
      td {
        padding: 6px 10px;
        text-align: left;
        border-bottom: 1px solid var(--mat-sys-outline-variant);
      }
      .num {
        text-align: right;
        font-variant-numeric: tabular-nums;
      }
      .off td,
      .suspect td {
        color: var(--mat-sys-error);
      }
    }
    .proof {
      display: grid;
      grid-template-columns: max-content auto;
      gap: 4px 16px;
      dd {
        margin: 0;
        font-variant-numeric: tabular-nums;
      }
    }
    .problems {
      color: var(--mat-sys-error);
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class PeriodCloseFigures {
  readonly reconciliations = input<CloseReconciliation[]>([]);
  readonly proof = input<CloseProof | null>(null);
}
