import { createHash } from 'node:crypto';
import { ordersAwaitingStock } from '../../db/repositories/production-order-repository';
import { createEngineCache } from '../../rules/engine';
import { inTransaction, runOnce, type ActivityDeps } from '../context';
import { cancelOrder, closeOrder } from './close-order';
import { completeOrder } from './complete-order';
import { issueKit } from './issue-kit';
import { asRefusal } from './production-refusals';
import type {
  CancelProductionOrderInput,
  CloseProductionOrderInput,
  CompleteProductionOrderInput,
  IssueKitInput,
  ProductionActivities,
  ReportOperationInput,
  ReserveKitInput,
} from './production-types';
import { releaseOrder } from './release-order';
import { reportOperation } from './report-operation';
import { renewKit, reserveKit } from './reserve-kit';

/** The same picks give the same key: a retry finds its first result, different picks of one round never collide. */
function picksDigest(input: KitIssue): string {
  return createHash('sha256').update(JSON.stringify(input.picks)).digest('hex').slice(0, 16);
}

/**
 * The production order's side effects (contract-13b). Each runs once per key in one transaction (the key and the
 * result commit with the postings), so a retry or a worker killed mid-posting never posts twice; a refusal rolls
 * everything back and reaches the workflow as a non-retryable failure of its type (RELEASE_REFUSED, ISSUE_REFUSED,
 * REPORT_REFUSED, CLOSE_REFUSED, CANCEL_REFUSED), the books' own refusals (stock short, closed period) included.
 */
/** issueKit may be told which issue of the order it is (a partial kit is issued again later). */
type KitIssue = IssueKitInput & { round?: number };

export function createProductionActivities(deps: ActivityDeps) {
  const rules = { engines: createEngineCache() };
  return {
    async releaseProductionOrder(input: { workflowId: string; orderNumber: string }) {
      return runOnce(deps, 'releaseProductionOrder', input.workflowId, (em) =>
        releaseOrder(em, input, rules).catch(asRefusal('RELEASE_REFUSED')),
      );
    },

    async reserveKit(input: ReserveKitInput) {
      return runOnce(deps, 'reserveKit', `${input.workflowId}:r${input.round}`, (em) =>
        reserveKit(em, input).catch(asRefusal('ISSUE_REFUSED')),
      );
    },

    /** Keeps the kit's reservations from expiring while its pick task waits (not runOnce: renewing twice is fine). */
    async renewKitReservations(input: { workflowId: string; orderNumber: string }): Promise<number> {
      return inTransaction(deps, (em) => renewKit(em, input.workflowId));
    },

    async issueKit(input: KitIssue) {
      const key = `${input.workflowId}:r${input.round ?? 1}:${picksDigest(input)}`;
      return runOnce(deps, 'issueKit', key, (em) =>
        issueKit(em, input, `issue:${input.round ?? 1}:${picksDigest(input)}`).catch(asRefusal('ISSUE_REFUSED')),
      );
    },

    async reportOperation(input: ReportOperationInput) {
      return runOnce(deps, 'reportOperation', `${input.workflowId}:${input.taskId}`, (em) =>
        reportOperation(em, input).catch(asRefusal('REPORT_REFUSED')),
      );
    },

    async completeProductionOrder(input: CompleteProductionOrderInput) {
      return runOnce(deps, 'completeProductionOrder', `${input.workflowId}:${input.taskId}`, (em) =>
        completeOrder(em, input).catch(asRefusal('REPORT_REFUSED')),
      );
    },

    async closeProductionOrder(input: CloseProductionOrderInput) {
      return runOnce(deps, 'closeProductionOrder', input.workflowId, (em) =>
        closeOrder(em, input).catch(asRefusal('CLOSE_REFUSED')),
      );
    },

    async cancelProductionOrder(input: CancelProductionOrderInput) {
      return runOnce(deps, 'cancelProductionOrder', input.workflowId, (em) =>
        cancelOrder(em, input).catch(asRefusal('CANCEL_REFUSED')),
      );
    },

    /** Workflow ids of orders waiting for stock of any of these items (the purchase receipt wakes them). */
    async productionOrdersAwaitingStock(input: { itemSkus: string[] }): Promise<string[]> {
      return inTransaction(deps, (em) => ordersAwaitingStock(em, input.itemSkus));
    },
  } satisfies ProductionActivities;
}
