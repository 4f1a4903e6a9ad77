import { compileRuleSet, createEngineCache } from '../../rules/engine';
import type { InvoiceMatchResult, InvoicePosting } from '../../workflows/supplier-invoice/supplier-invoice.contract';
import type { RulePin } from '../../workflows/order-fulfillment/order-fulfillment.contract';
import { RulesError } from '../../db/errors';
import { findVersion, versionInForce } from '../../db/rules/rule-repository';
import { appendAudit } from '../../db/repositories/audit-repository';
import { query } from '../../db/sql';
import { inTransaction, runOnce, type ActivityDeps } from '../context';
import { matchSupplierInvoice } from './match-invoice';
import { postSupplierInvoice } from './post-invoice';
import { lockInvoice } from './invoice-queries';

/** Supplier-invoice side effects, each idempotent per workflow (key and work commit together in PostgreSQL). */
export function createInvoicingActivities(deps: ActivityDeps) {
  // One cache per worker: a pinned version is compiled once, however many invoices use it.
  const engines = createEngineCache();

  return {
    /** The invoice-match rules in force now; the workflow pins them so a replay decides with the same version. */
    async pinInvoiceMatchRules(): Promise<RulePin | null> {
      return inTransaction(deps, async (em) => {
        const version = await versionInForce(em, 'invoice-match', new Date()).catch((error: unknown) => {
          if (error instanceof RulesError && error.code === 'NO_PUBLISHED_RULES') return null;
          throw error;
        });
        if (!version) return null;
        const { ruleSetId, ruleSetCode, contentHash } = version;
        return { ruleSetId, ruleSetCode, version: version.version, contentHash };
      });
    },

    async matchSupplierInvoice(input: {
      workflowId: string;
      invoiceId: number;
      rules: RulePin | null;
    }): Promise<InvoiceMatchResult> {
      return runOnce(deps, 'matchSupplierInvoice', input.workflowId, async (em) => {
        let rules = null;
        if (input.rules) {
          const pin = input.rules;
          const stored = await findVersion(em, pin.ruleSetCode, pin.version);
          const source = { ruleSetId: pin.ruleSetId, type: 'invoice-match' as const, version: pin.version };
          const compiled = compileRuleSet(
            { ...source, contentHash: pin.contentHash, content: stored.content },
            engines,
          );
          rules = { compiled, ruleSetCode: pin.ruleSetCode };
        }
        return matchSupplierInvoice(em, input, rules);
      });
    },

    async postSupplierInvoice(input: {
      workflowId: string;
      invoiceId: number;
      decidedBy: string;
    }): Promise<InvoicePosting> {
      return runOnce(deps, 'postSupplierInvoice', input.workflowId, (em) => postSupplierInvoice(em, input));
    },

    /** The controller refused the invoice: nothing is posted, the invoice is `rejected` (its number may come again). */
    async rejectSupplierInvoice(input: {
      workflowId: string;
      invoiceId: number;
      decidedBy: string;
      comment: string | null;
    }): Promise<void> {
      await runOnce(deps, 'rejectSupplierInvoice', input.workflowId, async (em) => {
        const header = await lockInvoice(em, input.invoiceId);
        await query(
          em,
          `update supplier_invoice set status = 'rejected', decided_at = now(), decided_by = ? where id = ?`,
          [input.decidedBy, header.id],
        );
        await appendAudit(em, {
          actor: input.decidedBy,
          action: 'supplier-invoice.rejected',
          entityType: 'supplier_invoice',
          entityId: `${header.supplierCode}-${header.invoiceNumber}`,
          workflowId: input.workflowId,
          details: { comment: input.comment },
        });
        return null;
      });
    },
  };
}
