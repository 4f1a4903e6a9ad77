import { fulfillment } from './fulfillment-proxies';
import { enter, type FulfillmentContext } from './fulfillment-context';
import { findApprovalProblem } from './dispatch-validation';
import { ORDER_FULFILLMENT, type CreditApprovalPayload } from './order-fulfillment.contract';

/**
 * The credit check: the pinned credit rules pass the order or hold it; a hold becomes an approval task for a
 * controller that times out (then the order is not shipped). A cancel while held ends the wait.
 */
export async function creditStep(ctx: FulfillmentContext): Promise<'pass' | 'rejected' | 'cancelled'> {
  const { state, input, workflowId } = ctx;
  await enter(ctx, 'credit-check');
  const pin = await fulfillment.pinRuleVersion({ type: 'credit' });
  if (pin) state.ruleVersions.credit = pin;
  const decision = await fulfillment.checkCredit({ workflowId, orderNumber: input.orderNumber, creditRules: pin });
  state.credit = decision;
  if (decision.action === 'pass') return 'pass';

  await enter(ctx, 'credit-hold');
  const outcome = await ctx.tasks.runUntil(
    {
      taskId: `${workflowId}:credit`,
      taskType: 'credit-approval',
      title: `Approve credit for order ${input.orderNumber}`,
      processType: ORDER_FULFILLMENT,
      businessKey: input.orderNumber,
      candidateRole: 'controller',
      priority: 'high',
      slaMs: Math.max(60_000, Math.floor(ctx.timing.creditApprovalMs / 2)),
      formKind: 'credit-approval',
      payload: { orderNumber: input.orderNumber, ...decision },
      requiredFields: ['decision'],
    },
    findApprovalProblem,
    { interruptWhen: () => ctx.controls.cancel !== null, deadlineMs: ctx.timing.creditApprovalMs },
  );
  if (outcome.kind === 'interrupted') return 'cancelled';
  const approval =
    outcome.kind === 'completed' ? (outcome.completion.payload as unknown as CreditApprovalPayload) : null;
  const resolution = {
    outcome: approvalOutcome(approval),
    by: outcome.kind === 'completed' ? outcome.completion.completedBy : null,
    comment: approval?.comment ?? null,
  };
  decision.resolution = resolution;
  await fulfillment.resolveCreditHold({ workflowId, orderNumber: input.orderNumber, ...resolution });
  return resolution.outcome === 'approved' ? 'pass' : 'rejected';
}

function approvalOutcome(approval: CreditApprovalPayload | null): 'approved' | 'rejected' | 'timed-out' {
  if (!approval) return 'timed-out';
  return approval.decision === 'approve' ? 'approved' : 'rejected';
}
