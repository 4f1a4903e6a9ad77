import { ApplicationFailure } from '@temporalio/activity';
import type {
  IssueMergedShareInput,
  JoinMergedIssueInput,
  MergedIssueActivities,
} from '../../workflows/merged-issue/merged-issue.contract';
import { runOnce, type ActivityDeps } from '../context';
import { issueKit } from './issue-kit';
import { asRefusal } from './production-refusals';

/** The batch's `join` signal (workflows/merged-issue/merged-issue.contract.ts joinMergedIssueSignal). */
const JOIN = 'join';

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
      const wiring = deps.reconciliation;
      if (!wiring) throw ApplicationFailure.nonRetryable('The worker has no Temporal client', 'NO_TEMPORAL_CLIENT');
      const { start } = input;
      await wiring.temporal.workflow.signalWithStart(start.workflowType, {
        workflowId: start.workflowId,
        taskQueue: start.taskQueue,
        args: start.args,
        signal: JOIN,
        signalArgs: [input.join],
        typedSearchAttributes: [
          { key: wiring.keys.processType, value: start.processType },
          { key: wiring.keys.businessKey, value: start.businessKey },
        ],
      });
    },
  } satisfies MergedIssueActivities;
}
