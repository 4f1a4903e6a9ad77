import type { EntityManager } from '@mikro-orm/postgresql';
import { compileRuleSet, decide, explainWinner } from '../../rules/engine';
import { planWaves, waveFacts, type WaveCandidate, type WavePriority } from '../../rules/waves/plan-waves';
import { insertDecision, versionInForce } from '../rules/rule-repository';
import { num, query } from '../sql';

/** What planning is told of each released order: its carrier, the carrier's cut-off, its priority. */
export interface PlanOrder {
  orderNumber: string;
  carrier: string;
  cutoffAt: string;
  priority: WavePriority;
}

/** Zones, lines and units each order's active reservations pick (what its own allocation reserved). */
export async function reservedShape(em: EntityManager, orderNumbers: string[]) {
  if (orderNumbers.length === 0) return new Map<string, never>();
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

/** A planning order with the shape its reservations pick. */
export function candidateOf(
  order: PlanOrder,
  shape: { customer_code: string; zones: string[]; lines: string; units: string },
) {
  return {
    ...order,
    customerCode: shape.customer_code,
    zones: shape.zones,
    lines: num(shape.lines),
    units: num(shape.units),
  } satisfies WaveCandidate;
}

/**
 * Proposes waves (the board's proposals and the scheduled release share it): decides each order's wave policy under
 * the `wave` rules in force at `now` (each decision stored with its facts, fired rules, result and why the other rules
 * lost, `plannedBy` in its result), then groups and splits the orders (rules/waves/plan-waves.ts).
 */
export async function decideWaves(em: EntityManager, candidates: WaveCandidate[], plannedBy: string, now: Date) {
  const version = await versionInForce(em, 'wave', now);
  const compiled = compileRuleSet({
    ruleSetId: version.ruleSetId,
    type: 'wave',
    version: version.version,
    contentHash: version.contentHash,
    content: version.content as never,
  });
  const decided = [];
  for (const candidate of candidates) {
    const decision = await decide(compiled, waveFacts(candidate, now), { explainRejected: true });
    const why = explainWinner(
      decision,
      'wave',
      (name) => compiled.policyOf(name),
      (p) => `${p.release} waves of up to ${p.maxOrders}`,
    );
    const decisionId = await insertDecision(em, {
      ruleSetId: decision.ruleSetId,
      ruleSetType: decision.ruleSetType,
      version: decision.version,
      contentHash: decision.contentHash,
      businessKey: candidate.orderNumber,
      facts: decision.facts,
      firedRules: decision.firedRules,
      result: { policy: decision.policy, rule: decision.rule, plannedBy, ...why },
    });
    decided.push({ ...candidate, decision: { policy: decision.policy, rule: decision.rule }, decisionId });
  }
  const decisions = Object.fromEntries(decided.map((o) => [o.orderNumber, o.decisionId]));
  return {
    ruleSet: { code: version.ruleSetCode, version: version.version },
    waves: planWaves(decided, now).map((wave) => ({
      ...wave,
      decisionIds: wave.orderNumbers.map((n) => decisions[n]!),
    })),
  };
}
