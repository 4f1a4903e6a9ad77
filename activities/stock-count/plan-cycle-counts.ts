import type { EntityManager } from '@mikro-orm/postgresql';
import { compileRuleSet, decide, type EngineCache } from '../../rules/engine';
import type { CycleCountFrequency } from '../../rules/rule-sets';
import { RulesError } from '../../db/errors';
import { insertDecision, versionInForce } from '../../db/rules/rule-repository';
import { openStockCount } from '../../db/repositories/stock-count-repository';
import { num, query } from '../../db/sql';
import type { CycleCountInput, CycleCountPlan } from '../../workflows/stock-count/cycle-count.contract';

/** Days between two counts of the same bin and item, per frequency the rules decide. */
const DAYS: Record<CycleCountFrequency, number | null> = {
  weekly: 7,
  monthly: 30,
  quarterly: 91,
  yearly: 365,
  never: null,
};

/**
 * Opens the cycle counts that are due: for each bin and item with stock (docks and virtual warehouses aside), the
 * cycle-count rules in force decide the frequency from the item's class; a bin and item not counted within that many
 * days gets a count (reason `cycle`), up to `limit`. The decision of each opened count is stored with its facts.
 */
export async function planCycleCounts(
  em: EntityManager,
  input: CycleCountInput & { workflowId: string; taskQueue: string },
  engines: EngineCache,
): Promise<CycleCountPlan> {
  const version = await versionInForce(em, 'cycle-count', new Date()).catch((error: unknown) => {
    if (error instanceof RulesError && error.code === 'NO_PUBLISHED_RULES') return null;
    throw error;
  });
  if (!version) return { opened: [], deferred: 0 };
  const compiled = compileRuleSet({ ...version, type: 'cycle-count' }, engines);
  // As JSON: an array parameter would be spread into a list.
  const codes = input.warehouseCodes ? JSON.stringify(input.warehouseCodes) : null;
  const candidates = await query<Record<string, unknown>>(
    em,
    `select l.code as location_code, w.code as warehouse_code, i.sku, i.category, i.abc_class, i.lot_tracked,
            i.supply_type, i.shelf_life_days,
            (select max(sc.created_at) from stock_count sc
              where sc.location_id = l.id and (sc.item_id = i.id or sc.item_id is null)) as last_counted
       from stock_balance b join item i on i.id = b.item_id
       join location l on l.id = b.location_id and l.type <> 'dock'
       join warehouse w on w.id = l.warehouse_id and not w.virtual
      where b.quantity > 0 and b.status in ('available', 'blocked')
        and (?::jsonb is null or w.code in (select jsonb_array_elements_text(?::jsonb)))
      group by l.id, l.code, w.code, i.id
      order by last_counted nulls first, l.code, i.sku`,
    [codes, codes],
  );
  const limit = input.limit ?? 50;
  const plan: CycleCountPlan = { opened: [], deferred: 0 };
  for (const row of candidates) {
    const facts = {
      'item.sku': row.sku,
      'item.category': row.category ?? null,
      'item.sourcing': row.supply_type ?? null,
      'item.lotTracked': Boolean(row.lot_tracked),
      'item.shelfLifeDays': row.shelf_life_days === null ? null : num(row.shelf_life_days),
      'item.attributes': {},
      'item.abcClass': row.abc_class ?? null,
      'location.code': row.location_code,
      'warehouse.code': row.warehouse_code,
      'warehouse.region': null,
    };
    const decision = await decide(compiled, facts, { explainRejected: true });
    const days = DAYS[decision.policy.frequency];
    const last = row.last_counted ? new Date(row.last_counted as string).getTime() : null;
    if (days === null || (last !== null && Date.now() - last < days * 86_400_000)) continue;
    if (plan.opened.length >= limit) {
      plan.deferred += 1;
      continue;
    }
    const opened = await openStockCount(em, {
      locationCode: String(row.location_code),
      itemSku: String(row.sku),
      reason: 'cycle',
      sourceRef: input.workflowId.slice(0, 60),
      requestedBy: 'cycle-count',
      taskQueue: input.taskQueue,
    });
    if ('refused' in opened) {
      plan.deferred += 1;
      continue;
    }
    const decisionId = await insertDecision(em, {
      ruleSetId: decision.ruleSetId,
      ruleSetType: 'cycle-count',
      version: decision.version,
      contentHash: decision.contentHash,
      workflowId: opened.workflowId,
      businessKey: opened.countNumber,
      facts: decision.facts,
      firedRules: decision.firedRules,
      result: {
        policy: decision.policy,
        rule: decision.rule,
        usedDefault: decision.usedDefault,
        lostOnPriority: decision.firedRules.slice(decision.usedDefault ? 0 : 1).map((rule) => rule.name),
        rejectedRules: decision.rejectedRules ?? [],
      },
    });
    await query(em, `update stock_count set decision_id = ? where count_number = ?`, [decisionId, opened.countNumber]);
    plan.opened.push({
      countNumber: opened.countNumber,
      locationCode: String(row.location_code),
      itemSku: String(row.sku),
      frequency: decision.policy.frequency,
    });
  }
  return plan;
}
