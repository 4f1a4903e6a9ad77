import { compileRuleSet, createEngineCache } from '../../rules/engine';
import type { ConfirmedPick, RulePin } from '../../workflows/order-fulfillment/order-fulfillment.contract';
import { RulesError } from '../../db/errors';
import { findVersion, versionInForce } from '../../db/rules/rule-repository';
import { lockActiveReservations, releaseReservation } from '../../db/repositories/stock-repository';
import { inTransaction, runOnce, type ActivityDeps } from '../context';
import { invoiceOrder } from './invoice-order';
import { postOrderShipment } from './post-order-shipment';
import { reserveOrderStock } from './reserve-order-stock';

/** Order-fulfillment side effects, each idempotent per workflow so a retry or a crash never posts twice. */
export function createFulfillmentActivities(deps: ActivityDeps) {
  // One cache per worker: a pinned version is compiled once, however many orders use it.
  const engines = createEngineCache();
  return {
    /** The allocation rules in force now; the workflow pins them so every later decision uses this version. */
    async pinRuleVersion(input: { type: 'allocation' }): Promise<RulePin | null> {
      return inTransaction(deps, async (em) => {
        const version = await versionInForce(em, input.type, new Date()).catch((error: unknown) => {
          if (error instanceof RulesError && error.code === 'NO_PUBLISHED_RULES') return null;
          throw error;
        });
        if (!version) return null;
        return {
          ruleSetId: version.ruleSetId,
          ruleSetCode: version.ruleSetCode,
          version: version.version,
          contentHash: version.contentHash,
        };
      });
    },

    async reserveOrderStock(input: { workflowId: string; orderNumber: string; allocationRules?: RulePin | null }) {
      return runOnce(deps, 'reserveOrderStock', input.workflowId, async (em) => {
        const pin = input.allocationRules;
        if (!pin) return reserveOrderStock(em, input);
        const stored = await findVersion(em, pin.ruleSetCode, pin.version);
        const compiled = compileRuleSet(
          {
            ruleSetId: pin.ruleSetId,
            type: 'allocation',
            version: pin.version,
            contentHash: pin.contentHash,
            content: stored.content,
          },
          engines,
        );
        return reserveOrderStock(em, input, { compiled, ruleSetCode: pin.ruleSetCode });
      });
    },

    async postOrderShipment(input: {
      workflowId: string;
      orderNumber: string;
      picks: ConfirmedPick[];
      userName: string;
    }) {
      return runOnce(deps, 'postOrderShipment', input.workflowId, (em) => postOrderShipment(em, input));
    },

    async invoiceOrder(input: { workflowId: string; orderNumber: string; userName: string }) {
      return runOnce(deps, 'invoiceOrder', input.workflowId, (em) => invoiceOrder(em, input));
    },

    /** Compensation: releases whatever the workflow still holds; naturally idempotent (only active rows change). */
    async releaseOrderReservations(input: { workflowId: string; orderNumber: string }): Promise<number> {
      return inTransaction(deps, async (em) => {
        const reservations = await lockActiveReservations(em, input.workflowId);
        for (const reservation of reservations) await releaseReservation(em, reservation);
        return reservations.length;
      });
    },
  };
}
