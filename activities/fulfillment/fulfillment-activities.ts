import type { ConfirmedPick } from '../../workflows/order-fulfillment/order-fulfillment.contract';
import { lockActiveReservations, releaseReservation } from '../../db/repositories/stock-repository';
import { inTransaction, runOnce, type ActivityDeps } from '../context';
import { invoiceOrder } from './invoice-order';
import { postOrderShipment } from './post-order-shipment';
import { reserveOrderStock } from './reserve-order-stock';

/** Order-fulfillment side effects, each idempotent per workflow so a retry or a crash never posts twice. */
export function createFulfillmentActivities(deps: ActivityDeps) {
  return {
    async reserveOrderStock(input: { workflowId: string; orderNumber: string }) {
      return runOnce(deps, 'reserveOrderStock', input.workflowId, (em) => reserveOrderStock(em, input));
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
