import { createEngineCache } from '../../rules/engine';
import { recordSubcontractChange, subcontractIsPlanned } from '../../db/planning/planning-changes';
import { appendAudit } from '../../db/repositories/audit-repository';
import type {
  ApproveSubcontractInput,
  ComponentsSent,
  ConsumptionPin,
  DeliveryPosted,
  ReceiveDeliveryInput,
  RejectSubcontractInput,
  ReturnRestInput,
  SendComponentsInput,
  SendReservation,
  SubcontractOrderRef,
  SubcontractOrderView,
} from '../../workflows/subcontract-order/subcontract-order.contract';
import { inTransaction, runOnce, type ActivityDeps } from '../context';
import { pinConsumption } from './consumption-pin';
import { checkSubcontractDelivery, receiveSubcontractDelivery } from './receive-delivery';
import {
  releaseSubcontractReservations,
  reserveSubcontractComponents,
  sendSubcontractComponents,
} from './send-components';
import { closeSubcontractOrder, settleSubcontractRest } from './settle-and-close';
import { findOrder, viewOf } from './subcontract-order-read';

/**
 * The subcontract-order process's activities. Each posting runs once per key in one transaction (runOnce): the send
 * per round, a delivery per its task, the rest per its task; a retry or a worker killed mid-way finds the first result.
 */
export function createSubcontractActivities(deps: ActivityDeps) {
  const engines = createEngineCache();
  return {
    async loadSubcontractOrder(input: { orderNumber: string }): Promise<SubcontractOrderView> {
      return inTransaction(deps, async (em) => viewOf(await findOrder(em, input.orderNumber)));
    },

    /** Approves a draft (an approved one stays so) and pins the consumption rules with the stored decision. */
    async approveSubcontractOrder(input: ApproveSubcontractInput): Promise<ConsumptionPin> {
      return runOnce(deps, 'approveSubcontractOrder', input.workflowId, async (em) => {
        const order = await findOrder(em, input.orderNumber, true);
        if (order.status === 'draft') {
          // A draft an MRP release wrote is planned already; a hand-made one becomes supply and demand now.
          const planned = subcontractIsPlanned(order);
          order.status = 'approved';
          order.updatedAt = new Date();
          await appendAudit(em, {
            actor: input.approvedBy,
            action: 'subcontract-order.approved',
            entityType: 'subcontract_order',
            entityId: order.orderNumber,
            workflowId: input.workflowId,
          });
          if (!planned) {
            await recordSubcontractChange(em, {
              orderNumber: order.orderNumber,
              workflowId: input.workflowId,
              reason: `subcontract order ${order.orderNumber} approved`,
              requestedBy: input.approvedBy,
            });
          }
        }
        const pin = await pinConsumption(em, engines, order, input.workflowId);
        await em.flush();
        return pin;
      });
    },

    /** The planner rejected the order: it is cancelled with the reason. */
    async rejectSubcontractOrder(input: RejectSubcontractInput): Promise<void> {
      await runOnce(deps, 'rejectSubcontractOrder', input.workflowId, async (em) => {
        const order = await findOrder(em, input.orderNumber, true);
        if (order.status !== 'draft') return null;
        // Only a draft an MRP release wrote was planned supply (a hand-made draft never counted).
        if (subcontractIsPlanned(order)) {
          await recordSubcontractChange(em, {
            orderNumber: order.orderNumber,
            workflowId: input.workflowId,
            reason: `subcontract order ${order.orderNumber} rejected`,
            requestedBy: input.userName,
          });
        }
        Object.assign(order, {
          status: 'cancelled',
          cancelledReason: `rejected: ${input.reason}`,
          cancelledBy: input.userName,
          cancelledAt: new Date(),
          updatedAt: new Date(),
        });
        await appendAudit(em, {
          actor: input.userName,
          action: 'subcontract-order.rejected',
          entityType: 'subcontract_order',
          entityId: order.orderNumber,
          workflowId: input.workflowId,
          details: { reason: input.reason },
        });
        await em.flush();
        return null;
      });
    },

    async reserveSubcontractComponents(input: SubcontractOrderRef): Promise<SendReservation> {
      return inTransaction(deps, (em) => reserveSubcontractComponents(em, input));
    },

    async releaseSubcontractReservations(input: SubcontractOrderRef): Promise<number> {
      return inTransaction(deps, (em) => releaseSubcontractReservations(em, input.workflowId));
    },

    async sendSubcontractComponents(input: SendComponentsInput): Promise<ComponentsSent> {
      const key = `${input.workflowId}:${input.round}`;
      return runOnce(deps, 'sendSubcontractComponents', key, (em) => sendSubcontractComponents(em, input, key));
    },

    /** Read-only: the refusal a delivery would get (field of the task's payload and why), or null (see human-task confirm). */
    async checkSubcontractDelivery(
      input: Pick<ReceiveDeliveryInput, 'orderNumber' | 'payload' | 'consumption'>,
    ): Promise<{ field: string | null; message: string } | null> {
      return inTransaction(deps, (em) => checkSubcontractDelivery(em, input));
    },

    async receiveSubcontractDelivery(input: ReceiveDeliveryInput): Promise<DeliveryPosted> {
      return runOnce(deps, 'receiveSubcontractDelivery', input.taskId, (em) => receiveSubcontractDelivery(em, input));
    },

    async settleSubcontractRest(input: ReturnRestInput): Promise<void> {
      await runOnce(deps, 'settleSubcontractRest', input.taskId, async (em) => {
        await settleSubcontractRest(em, input);
        return null;
      });
    },

    async closeSubcontractOrder(input: SubcontractOrderRef): Promise<string> {
      return inTransaction(deps, (em) => closeSubcontractOrder(em, input.orderNumber));
    },
  };
}
