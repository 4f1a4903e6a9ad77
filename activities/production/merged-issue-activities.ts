import { ApplicationFailure, Context } from '@temporalio/activity';
import {
  joinMergedIssueSignal,
  type IssueMergedShareInput,
  type JoinMergedIssueInput,
  type MergedIssueActivities,
} from '../../workflows/merged-issue/merged-issue.contract';
import { mergedIssueStart } from '../../workflows/merged-issue/merged-issue.start';
import { startSearchAttributes } from '../../workflows/search-attributes';
import { runOnce, type ActivityDeps } from '../context';
import { issueKit } from './issue-kit';
import { asRefusal } from './production-refusals';

/**
 * The merged issue's side effects. An order's share is issued by the same code as a kit (FIFO cost, the order's
 * reservations consumed, Dr 1400 / Cr 1300), once per batch and order: the runOnce key and the postings' keys carry
 * `merged:<batchId>`, so a retry or a worker killed mid-distribution never issues twice.
 */
export function createMergedIssueActivities(deps: ActivityDeps) {
  return {
    async issueMergedShare(input: IssueMergedShareInput) {
      const key = `merged:${input.batchId}`;
      return runOnce(deps, 'issueMergedShare', `${key}:${input.orderNumber}`, (em) =>
        issueKit(
          em,
          {
            workflowId: input.workflowId,
            orderNumber: input.orderNumber,
            picks: input.picks,
            userName: input.userName,
          },
          key,
        ).catch(asRefusal('ISSUE_REFUSED')),
      );
    },

    /** Signal-with-start: the first join starts the warehouse's batch; a repeated join replaces the order's share. */
    async joinMergedIssue(input: JoinMergedIssueInput): Promise<void> {
      const temporal = deps.reconciliation?.temporal;
      if (!temporal) throw ApplicationFailure.nonRetryable('The worker has no Temporal client', 'NO_TEMPORAL_CLIENT');
      const start = mergedIssueStart(input.warehouseCode, Context.current().info.taskQueue);
      await temporal.workflow.signalWithStart(start.workflowType, {
        workflowId: start.workflowId,
        taskQueue: start.taskQueue,
        args: start.args,
        signal: joinMergedIssueSignal,
        signalArgs: [input.join],
        typedSearchAttributes: startSearchAttributes(start),
      });
    },
  } satisfies MergedIssueActivities;
}
