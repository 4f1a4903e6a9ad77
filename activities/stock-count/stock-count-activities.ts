import { Context } from '@temporalio/activity';
import { createEngineCache } from '../../rules/engine';
import type { CycleCountInput } from '../../workflows/stock-count/cycle-count.contract';
import { BooksError } from '../../db/errors';
import { inTransaction, runOnce, type ActivityDeps } from '../context';
import { reject } from '../errors';
import { loadStockCount } from './load-stock-count';
import { planCycleCounts } from './plan-cycle-counts';
import { postStockCount, type PostStockCountInput } from './post-stock-count';
import { markStockCount, recordStockCount, type RecordStockCountInput } from './record-stock-count';

/** The books refusing a posting (closed period, stock gone) is final: a retry cannot change it. */
function finalIfRefused(error: unknown): never {
  if (error instanceof BooksError) {
    return reject('POSTING_REJECTED', `${error.code}: ${error.message}`, { code: error.code, field: error.field });
  }
  throw error;
}

/** Stock-count side effects, each idempotent per workflow (and round) so a retry or a crash never posts twice. */
export function createStockCountActivities(deps: ActivityDeps) {
  const engines = createEngineCache();
  return {
    async loadStockCount(input: { workflowId: string; countNumber: string }) {
      return runOnce(deps, 'loadStockCount', input.workflowId, (em) => loadStockCount(em, input, engines));
    },

    async recordStockCount(input: RecordStockCountInput) {
      return runOnce(deps, 'recordStockCount', `${input.workflowId}:${input.round}`, (em) =>
        recordStockCount(em, input),
      );
    },

    async markStockCount(input: Parameters<typeof markStockCount>[1]) {
      return inTransaction(deps, (em) => markStockCount(em, input));
    },

    /** One planning run of the cycle-count schedule; its counts start on this worker's task queue. */
    async planCycleCounts(input: CycleCountInput) {
      const { workflowExecution, taskQueue, activityId } = Context.current().info;
      const workflowId = workflowExecution?.workflowId ?? `cycle-count-${activityId}`;
      return runOnce(deps, 'planCycleCounts', workflowId, (em) =>
        planCycleCounts(em, { ...input, workflowId, taskQueue }, engines),
      );
    },

    async postStockCount(input: PostStockCountInput) {
      return runOnce(deps, 'postStockCount', input.workflowId, (em) => postStockCount(em, input)).catch(finalIfRefused);
    },
  };
}
