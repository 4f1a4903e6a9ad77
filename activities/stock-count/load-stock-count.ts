import type { EntityManager } from '@mikro-orm/postgresql';
import { compileRuleSet, decide, type EngineCache } from '../../rules/engine';
import { RulesError } from '../../db/errors';
import { insertDecision, versionInForce } from '../../db/rules/rule-repository';
import { num, query } from '../../db/sql';
import type { StockCountForWorkflow } from '../../workflows/stock-count/stock-count.contract';
import { reject } from '../errors';

/** Without published cycle-count rules: any difference is recounted, above 100 a controller approves. */
const FALLBACK = { recountTolerance: 0, approvalAboveValue: 100 };

/**
 * Loads a count for its workflow and fixes its tolerances once: the cycle-count rules in force are pinned on the
 * count (recount tolerance, approval threshold) and the decision is stored with its facts, fired rules and why the
 * other rules lost. Called through runOnce, so a retry returns the same decision instead of deciding again.
 */
export async function loadStockCount(
  em: EntityManager,
  input: { workflowId: string; countNumber: string },
  engines: EngineCache,
): Promise<StockCountForWorkflow> {
  const [header] = await query<Record<string, unknown>>(
    em,
    `select sc.id, sc.reason, l.code as location_code, w.code as warehouse_code,
            coalesce(i.sku, fi.sku) as sku, coalesce(i.category, fi.category) as category,
            coalesce(i.abc_class, fi.abc_class) as abc_class, coalesce(i.lot_tracked, fi.lot_tracked) as lot_tracked,
            coalesce(i.supply_type, fi.supply_type) as supply_type,
            coalesce(i.shelf_life_days, fi.shelf_life_days) as shelf_life_days
       from stock_count sc join location l on l.id = sc.location_id join warehouse w on w.id = sc.warehouse_id
       left join item i on i.id = sc.item_id
       left join lateral (select it.* from stock_count_line cl join item it on it.id = cl.item_id
                           where cl.count_id = sc.id order by cl.line_no limit 1) fi on true
      where sc.count_number = ?`,
    [input.countNumber],
  );
  if (!header) return reject('ORDER_NOT_FOUND', `Stock count ${input.countNumber} does not exist`);
  const lines = await query<Record<string, unknown>>(
    em,
    `select cl.line_no, i.sku, i.name, i.uom, lot.code as lot_code
       from stock_count_line cl join item i on i.id = cl.item_id left join lot on lot.id = cl.lot_id
      where cl.count_id = ? order by cl.line_no`,
    [header.id],
  );
  const decided = await decideTolerances(em, input, header, engines);
  await query(
    em,
    `update stock_count set recount_tolerance = ?, approval_above_value = ?, decision_id = ? where id = ?`,
    [decided.recountTolerance, decided.approvalAboveValue, decided.decisionId, header.id],
  );
  return {
    countNumber: input.countNumber,
    warehouseCode: String(header.warehouse_code),
    locationCode: String(header.location_code),
    reason: String(header.reason),
    lines: lines.map((line) => ({
      lineNo: num(line.line_no),
      itemSku: String(line.sku),
      itemName: String(line.name),
      uom: String(line.uom),
      lotCode: line.lot_code === null ? null : String(line.lot_code),
    })),
    ...decided,
  };
}

async function decideTolerances(
  em: EntityManager,
  input: { workflowId: string; countNumber: string },
  header: Record<string, unknown>,
  engines: EngineCache,
) {
  const version = await versionInForce(em, 'cycle-count', new Date()).catch((error: unknown) => {
    if (error instanceof RulesError && error.code === 'NO_PUBLISHED_RULES') return null;
    throw error;
  });
  if (!version) return { ...FALLBACK, rule: null, decisionId: null };
  const compiled = compileRuleSet({ ...version, type: 'cycle-count' }, engines);
  const facts = {
    'item.sku': header.sku ?? null,
    'item.category': header.category ?? null,
    'item.sourcing': header.supply_type ?? null,
    'item.lotTracked': Boolean(header.lot_tracked),
    'item.shelfLifeDays': header.shelf_life_days === null ? null : num(header.shelf_life_days),
    'item.attributes': {},
    'item.abcClass': header.abc_class ?? null,
    'location.code': header.location_code,
    'warehouse.code': header.warehouse_code,
    'warehouse.region': null,
  };
  const decision = await decide(compiled, facts, { explainRejected: true });
  const decisionId = await insertDecision(em, {
    ruleSetId: decision.ruleSetId,
    ruleSetType: 'cycle-count',
    version: decision.version,
    contentHash: decision.contentHash,
    workflowId: input.workflowId,
    businessKey: input.countNumber,
    facts: decision.facts,
    firedRules: decision.firedRules,
    result: {
      policy: decision.policy,
      rule: decision.rule,
      usedDefault: decision.usedDefault,
      // Why the alternatives lost: fired rules below the winner lost on priority, the rest on their conditions.
      lostOnPriority: decision.firedRules.slice(decision.usedDefault ? 0 : 1).map((rule) => rule.name),
      rejectedRules: decision.rejectedRules ?? [],
    },
  });
  return {
    recountTolerance: decision.policy.recountTolerance,
    approvalAboveValue: decision.policy.approvalAboveValue,
    rule: decision.rule,
    decisionId,
  };
}
