import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError, type Client } from '@temporalio/client';
import { insertDecision, versionInForce } from '../../db/rules/rule-repository';
import { num, query } from '../../db/sql';
import { compileRuleSet, decide, explainWinner } from '../../rules/engine';
import { planWaves, waveFacts, type WaveCandidate, type WavePriority } from '../../rules/waves/plan-waves';
import {
  getWaveStateQuery,
  pickWaveWorkflowId,
  type PickWaveInput,
  type PickWaveState,
} from '../../workflows/pick-wave/pick-wave.contract';
import { ApiError } from '../errors';

/** What the supervisor says of each released order: its carrier, the carrier's cut-off, its priority. */
export interface PlanOrder {
  orderNumber: string;
  carrier: string;
  cutoffAt: string;
  priority: WavePriority;
}

/** Zones, lines and units each order's active reservations pick (what its own allocation reserved). */
async function reservedShape(em: EntityManager, orderNumbers: string[]) {
  const rows = await query<{
    order_number: string;
    customer_code: string;
    lines: string;
    units: string;
    zones: string[];
  }>(
    em,
    `select so.order_number, c.code as customer_code, count(distinct r.line_no) as lines, sum(r.quantity) as units,
            array_agg(distinct coalesce(z.code, '-')) as zones
       from sales_order so join customer c on c.id = so.customer_id
       join reservation r on r.document_ref = so.order_number and r.owner_workflow_id = so.workflow_id
                         and r.state = 'active'
       join location l on l.id = r.location_id and l.type = 'storage'
       left join zone z on z.id = l.zone_id
      where so.order_number in (?)
      group by so.order_number, c.code`,
    [orderNumbers],
  );
  return new Map(rows.map((row) => [row.order_number, row]));
}

/**
 * Proposes waves for released orders: decides each order's wave policy under the `wave` rules in force (the decision
 * stored with its facts, fired rules, result and why the other rules lost), then groups and splits them.
 */
export async function proposeWaves(orm: MikroORM, orders: PlanOrder[], userName: string) {
  return orm.em.fork().transactional(async (em) => {
    const shapes = await reservedShape(
      em,
      orders.map((o) => o.orderNumber),
    );
    const now = new Date();
    const version = await versionInForce(em, 'wave', now);
    const compiled = compileRuleSet({
      ruleSetId: version.ruleSetId,
      type: 'wave',
      version: version.version,
      contentHash: version.contentHash,
      content: version.content as never,
    });
    const decided = [];
    for (const [index, order] of orders.entries()) {
      const shape = shapes.get(order.orderNumber);
      if (!shape) {
        throw new ApiError(
          'VALIDATION_FAILED',
          `Order ${order.orderNumber} holds no reserved stock to pick (not released, or already picked)`,
          `orders[${index}].orderNumber`,
        );
      }
      const candidate: WaveCandidate = {
        ...order,
        customerCode: shape.customer_code,
        zones: shape.zones,
        lines: num(shape.lines),
        units: num(shape.units),
      };
      const decision = await decide(compiled, waveFacts(candidate, now), { explainRejected: true });
      const why = (d: typeof decision) =>
        explainWinner(
          d,
          'wave',
          (name) => compiled.policyOf(name),
          (p) => `${p.release} waves of up to ${p.maxOrders}`,
        );
      const decisionId = await insertDecision(em, {
        ruleSetId: decision.ruleSetId,
        ruleSetType: decision.ruleSetType,
        version: decision.version,
        contentHash: decision.contentHash,
        businessKey: order.orderNumber,
        facts: decision.facts,
        firedRules: decision.firedRules,
        result: { policy: decision.policy, rule: decision.rule, plannedBy: userName, ...why(decision) },
      });
      decided.push({ ...candidate, decision: { policy: decision.policy, rule: decision.rule }, decisionId });
    }
    const waves = planWaves(decided, now);
    const decisions = Object.fromEntries(decided.map((o) => [o.orderNumber, o.decisionId]));
    return {
      ruleSet: { code: version.ruleSetCode, version: version.version },
      waves: waves.map((wave) => ({ ...wave, decisionIds: wave.orderNumbers.map((n) => decisions[n]!) })),
    };
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
