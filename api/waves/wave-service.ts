import type { MikroORM } from '@mikro-orm/postgresql';
import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError, type Client } from '@temporalio/client';
import { recordWaveOrders } from '../../db/waves/waiting-orders';
import { candidateOf, decideWaves, reservedShape, type PlanOrder } from '../../db/waves/wave-proposals';
import {
  getWaveStateQuery,
  pickWaveWorkflowId,
  type PickWaveInput,
  type PickWaveState,
} from '../../workflows/pick-wave/pick-wave.contract';
import { ApiError } from '../errors';

export type { PlanOrder };

/**
 * Proposes waves for released orders: decides each order's wave policy under the `wave` rules in force (the decision
 * stored with its facts, fired rules, result and why the other rules lost), then groups and splits them
 * (db/waves/wave-proposals.ts, which the scheduled release uses too).
 */
export async function proposeWaves(orm: MikroORM, orders: PlanOrder[], userName: string) {
  return orm.em.fork().transactional(async (em) => {
    const shapes = await reservedShape(
      em,
      orders.map((o) => o.orderNumber),
    );
    const candidates = orders.map((order, index) => {
      const shape = shapes.get(order.orderNumber);
      if (!shape) {
        throw new ApiError(
          'VALIDATION_FAILED',
          `Order ${order.orderNumber} holds no reserved stock to pick (not released, or already picked)`,
          `orders[${index}].orderNumber`,
        );
      }
      return candidateOf(order, shape);
    });
    return decideWaves(em, candidates, userName, new Date());
  });
}

/**
 * Releases a wave a supervisor chose on the board: records its orders as taken by it (db/waves/waiting-orders.ts: the
 * scheduled release and the board's list leave them alone while the wave invites them), then starts its
 * pick-wave:<id> workflow, which invites the orders and plans the path. Both in one transaction: a refusal (the wave id
 * released before, an order another wave is still taking) or a failed start commits nothing.
 */
export async function releaseWave(
  deps: { orm: MikroORM; temporal: Client; taskQueue: string },
  input: PickWaveInput,
): Promise<{ workflowId: string }> {
  const workflowId = pickWaveWorkflowId(input.waveId);
  await deps.orm.em.fork().transactional(async (em) => {
    const recordedBy = `board:${input.requestedBy}`;
    const refused = await recordWaveOrders(em, { waveId: input.waveId, orderNumbers: input.orderNumbers, recordedBy });
    if (refused?.kind === 'wave-recorded') throw released(input.waveId);
    if (refused?.kind === 'order-taken') {
      const { orderNumber, waveId, index } = refused;
      throw new ApiError(
        'DUPLICATE',
        `Order ${orderNumber} is being taken by wave ${waveId}`,
        `orderNumbers[${index}]`,
      );
    }
    try {
      await deps.temporal.workflow.start('pickWave', { taskQueue: deps.taskQueue, workflowId, args: [input] });
    } catch (error) {
      throw error instanceof WorkflowExecutionAlreadyStartedError ? released(input.waveId) : error;
    }
  });
  return { workflowId };
}

const released = (waveId: string) => new ApiError('DUPLICATE', `Wave ${waveId} was already released`, 'waveId');

/** A wave's progress: its step, each order's part, the paths and what was picked (the workflow's live state). */
export async function waveProgress(temporal: Client, waveId: string): Promise<PickWaveState> {
  try {
    return await temporal.workflow.getHandle(pickWaveWorkflowId(waveId)).query(getWaveStateQuery);
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) throw new ApiError('NOT_FOUND', `No wave ${waveId}`, 'waveId');
    throw error;
  }
}
