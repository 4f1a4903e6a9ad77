import type { MikroORM } from '@mikro-orm/postgresql';
import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError, type Client } from '@temporalio/client';
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

/** Releases a wave: starts its pick-wave:<id> workflow, which invites the orders and plans the path. */
export async function releaseWave(
  deps: { temporal: Client; taskQueue: string },
  input: PickWaveInput,
): Promise<{ workflowId: string }> {
  const workflowId = pickWaveWorkflowId(input.waveId);
  try {
    await deps.temporal.workflow.start('pickWave', { taskQueue: deps.taskQueue, workflowId, args: [input] });
  } catch (error) {
    if (error instanceof WorkflowExecutionAlreadyStartedError) {
      throw new ApiError('DUPLICATE', `Wave ${input.waveId} was already released`, 'waveId');
    }
    throw error;
  }
  return { workflowId };
}

/** A wave's progress: its step, each order's part, the paths and what was picked (the workflow's live state). */
export async function waveProgress(temporal: Client, waveId: string): Promise<PickWaveState> {
  try {
    return await temporal.workflow.getHandle(pickWaveWorkflowId(waveId)).query(getWaveStateQuery);
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) throw new ApiError('NOT_FOUND', `No wave ${waveId}`, 'waveId');
    throw error;
  }
}
