import type { EntityManager } from '@mikro-orm/postgresql';
import { Context } from '@temporalio/activity';
import { compileRuleSet, createEngineCache } from '../../rules/engine';
import type { SupportedRuleSetType } from '../../rules/rule-sets';
import type {
  ConfirmedPick,
  CreditDecision,
  RulePin,
  StagedPick,
} from '../../workflows/order-fulfillment/order-fulfillment.contract';
import { RulesError } from '../../db/errors';
import { findVersion, versionInForce } from '../../db/rules/rule-repository';
import { releaseReservations, renewReservations } from '../../db/repositories/stock-repository';
import { inTransaction, runOnce, type ActivityDeps } from '../context';
import { checkCredit } from './check-credit';
import { invoiceOrder } from './invoice-order';
import {
  applyOrderChange,
  backorderedWorkflows,
  closeOrder,
  resolveCreditHold,
  returnStagedStock,
} from './order-changes';
import { confirmPick, type ConfirmPickInput } from './pick-to-staging';
import { postOrderShipment } from './post-order-shipment';
import { RESERVATION_TTL_MINUTES } from './reservation-ttl';
import { reserveOrderStock } from './reserve-order-stock';
import { roundKey } from './round-key';

/** Order-fulfillment side effects, each idempotent per workflow so a retry or a crash never posts twice. */
export function createFulfillmentActivities(deps: ActivityDeps) {
  // One cache per worker: a pinned version is compiled once, however many orders use it.
  const engines = createEngineCache();
  async function compilePinned<T extends SupportedRuleSetType>(em: EntityManager, type: T, pin: RulePin) {
    const stored = await findVersion(em, pin.ruleSetCode, pin.version);
    const source = { ruleSetId: pin.ruleSetId, type, version: pin.version, contentHash: pin.contentHash };
    return { compiled: compileRuleSet({ ...source, content: stored.content }, engines), ruleSetCode: pin.ruleSetCode };
  }

  return {
    /** The rules of a type in force now; the workflow pins them so every later decision uses this version. */
    async pinRuleVersion(input: { type: 'allocation' | 'credit' }): Promise<RulePin | null> {
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

    async checkCredit(input: { workflowId: string; orderNumber: string; creditRules: RulePin | null }) {
      return runOnce(deps, 'checkCredit', input.workflowId, async (em): Promise<CreditDecision> => {
        const rules = input.creditRules ? await compilePinned(em, 'credit', input.creditRules) : null;
        return checkCredit(em, input, rules);
      });
    },

    async resolveCreditHold(input: {
      workflowId: string;
      orderNumber: string;
      outcome: 'approved' | 'rejected' | 'timed-out';
      by: string | null;
      comment: string | null;
    }) {
      return runOnce(deps, 'resolveCreditHold', input.workflowId, (em) => resolveCreditHold(em, input));
    },

    async reserveOrderStock(input: {
      workflowId: string;
      orderNumber: string;
      allocationRules?: RulePin | null;
      round?: number;
    }) {
      return runOnce(deps, 'reserveOrderStock', roundKey(input.workflowId, input.round), async (em) => {
        const pin = input.allocationRules;
        if (!pin) return reserveOrderStock(em, input);
        return reserveOrderStock(em, input, await compilePinned(em, 'allocation', pin));
      });
    },

    async confirmPick(input: ConfirmPickInput) {
      // Counts of the bins a pick came up short at run on this worker's task queue.
      const countQueue = Context.current().info.taskQueue;
      return runOnce(deps, 'confirmPick', roundKey(input.workflowId, input.round), (em) =>
        confirmPick(em, input, countQueue),
      );
    },

    async postOrderShipment(input: {
      workflowId: string;
      orderNumber: string;
      picks: ConfirmedPick[];
      userName: string;
      round?: number;
      carrier?: string;
      trackingNumber?: string;
    }) {
      const key = roundKey(input.workflowId, input.round);
      return runOnce(deps, 'postOrderShipment', key, (em) => postOrderShipment(em, input));
    },

    async invoiceOrder(input: { workflowId: string; orderNumber: string; userName: string; round?: number }) {
      return runOnce(deps, 'invoiceOrder', roundKey(input.workflowId, input.round), (em) => invoiceOrder(em, input));
    },

    /** Keeps the instance's reservations from expiring while it waits for people. */
    async renewOrderReservations(input: { workflowId: string }): Promise<number> {
      return inTransaction(deps, (em) => renewReservations(em, input.workflowId, RESERVATION_TTL_MINUTES));
    },

    async applyOrderChange(input: {
      workflowId: string;
      orderNumber: string;
      changeNo: number;
      lines: Array<{ lineNo: number; quantity: number }>;
      addLines?: Array<{ itemSku: string; quantity: number; unitPrice?: number }>;
      changedBy: string;
      reason?: string;
    }) {
      const key = `${input.workflowId}:${input.changeNo}`;
      return runOnce(deps, 'applyOrderChange', key, (em) => applyOrderChange(em, input));
    },

    /** Compensation of a pick: staged stock goes back to its bins. */
    async returnStagedStock(input: {
      workflowId: string;
      orderNumber: string;
      staged: StagedPick[];
      userName: string;
    }) {
      return runOnce(deps, 'returnStagedStock', input.workflowId, (em) => returnStagedStock(em, input));
    },

    async closeOrder(input: {
      workflowId: string;
      orderNumber: string;
      reason: string;
      userName: string;
      action: string;
    }) {
      return runOnce(deps, 'closeOrder', input.workflowId, (em) => closeOrder(em, input));
    },

    /** Workflow ids of backordered orders waiting for these items (receipts wake them). */
    async findBackorderedOrders(input: { itemSkus: string[] }): Promise<string[]> {
      return inTransaction(deps, (em) => backorderedWorkflows(em, input.itemSkus));
    },

    /** Compensation: releases whatever the workflow still holds; naturally idempotent (only active rows change). */
    async releaseOrderReservations(input: { workflowId: string; orderNumber: string }): Promise<number> {
      return inTransaction(deps, async (em) => (await releaseReservations(em, input.workflowId)).length);
    },
  };
}
