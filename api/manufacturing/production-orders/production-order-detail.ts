import type { EntityManager } from '@mikro-orm/postgresql';
import { num, query } from '../../../db/sql';
import type { ProductionIssueRulePin } from '../../../db/entities';
import { MATERIAL_KINDS } from '../../../db/repositories/production-cost-repository';
import { listRow } from '../../lists/sql-list';
import { productionOrderListSpec } from './production-order-list';
import type { ProductionOrderDetail } from './production-order-schemas';

type Row = Record<string, unknown>;
const optionalNumber = (value: unknown) => (value === null || value === undefined ? null : num(value));
const optionalString = (value: unknown) => (value === null || value === undefined ? null : String(value));
const optionalIso = (value: unknown) => (value === null || value === undefined ? null : toIso(value));
const toIso = (value: unknown) => new Date(value as string).toISOString();
const cents = (value: unknown) => Math.round(num(value ?? 0) * 100) / 100;

async function components(em: EntityManager, orderId: number): Promise<ProductionOrderDetail['components']> {
  const rows = await query<Row>(
    em,
    `select c.*, i.sku, i.name, i.uom, d.version as decision_version, rs.code as rule_set_code,
            d.result->>'reason' as decision_reason, cu.code as customer_code,
            (select coalesce(sum(pc.quantity), 0) from production_cost pc
              where pc.production_order_id = c.production_order_id and pc.component_line_no = c.line_no
                and pc.kind = 'backflush') as backflushed
       from production_order_component c join item i on i.id = c.item_id
       left join rule_decision d on d.id = c.decision_id left join rule_set rs on rs.id = d.rule_set_id
       join production_order po on po.id = c.production_order_id
       left join customer cu on cu.id = po.customer_id and c.provision = 'customer'
      where c.production_order_id = ? order by c.line_no`,
    [orderId],
  );
  return rows.map((c) => ({
    lineNo: num(c.line_no),
    sku: String(c.sku),
    name: String(c.name),
    uom: String(c.uom),
    viaPhantomSku: optionalString(c.via_phantom_sku),
    quantityPer: num(c.quantity_per),
    scrapPercent: num(c.scrap_percent),
    required: num(c.required_quantity),
    issued: num(c.issued_quantity),
    backflushed: num(c.backflushed),
    returned: num(c.returned_quantity),
    issuedValue: num(c.issued_value),
    operationSeq: optionalNumber(c.operation_seq),
    mode: String(c.issue_mode),
    whenShort: String(c.when_short),
    issueNote: optionalString(c.issue_note),
    provision: c.provision === 'customer' ? 'customer' : 'ours',
    customerCode: optionalString(c.customer_code),
    decision:
      c.decision_id === null
        ? null
        : {
            id: num(c.decision_id),
            ruleSetCode: String(c.rule_set_code ?? 'material-issue'),
            version: num(c.decision_version),
            reason:
              optionalString(c.decision_reason) ??
              `${String(c.issue_mode)}, a short kit ${c.when_short === 'wait' ? 'waits for stock' : 'is released partially'}`,
          },
  }));
}

async function operations(em: EntityManager, orderId: number, quantity: number) {
  const rows = await query<Row>(
    em,
    `select o.*, wc.code as work_centre_code, wc.name as work_centre_name
       from production_order_operation o join work_centre wc on wc.id = o.work_centre_id
      where o.production_order_id = ? order by o.seq`,
    [orderId],
  );
  return rows.map((o) => ({
    seq: num(o.seq),
    workCentreCode: String(o.work_centre_code),
    workCentreName: String(o.work_centre_name),
    description: String(o.description),
    setupHours: num(o.setup_hours),
    runHoursPerUnit: num(o.run_hours_per_unit),
    good: num(o.good_quantity),
    scrap: num(o.scrap_quantity),
    labourHours: num(o.labour_hours),
    status: String(o.status),
    progress: quantity > 0 ? Math.min(1, Math.round((num(o.good_quantity) / quantity) * 10_000) / 10_000) : 0,
  }));
}

/** Cost so far per element, from production_cost (the same sums the workflow's state reports). */
async function cost(em: EntityManager, orderId: number): Promise<ProductionOrderDetail['cost']> {
  const rows = await query<{ kind: string; amount: string }>(
    em,
    'select kind, sum(amount) as amount from production_cost where production_order_id = ? group by kind',
    [orderId],
  );
  const by = new Map(rows.map((r) => [r.kind, num(r.amount)]));
  const of = (kind: string) => by.get(kind) ?? 0;
  return {
    material: cents(MATERIAL_KINDS.reduce((sum, kind) => sum + of(kind), 0)),
    labour: cents(of('labour')),
    overhead: cents(of('overhead')),
    completed: cents(-of('completion')),
    variance: cents(-of('variance')),
    wip: cents([...by.values()].reduce((sum, amount) => sum + amount, 0)),
  };
}

/** Reports and costs in the order they happened: what the console's timeline shows. */
async function reports(em: EntityManager, orderId: number): Promise<ProductionOrderDetail['reports']> {
  const rows = await query<Row>(
    em,
    `select * from (
       select r.reported_at as at, r.kind, r.operation_seq, null::int as component_line_no, null::numeric as quantity,
              r.good_quantity as good, r.scrap_quantity as scrap, r.labour_hours, null::numeric as amount,
              null::int as journal_entry_id, r.reported_by as by, 0 as source, r.id
         from production_report r where r.production_order_id = ?
       union all
       select c.effective_at, c.kind, c.operation_seq, c.component_line_no, c.quantity, null, null, null, c.amount,
              c.journal_entry_id, c.reported_by, 1, c.id
         from production_cost c where c.production_order_id = ?) t
      order by at, source, id`,
    [orderId, orderId],
  );
  return rows.map((r) => ({
    at: toIso(r.at),
    kind: String(r.kind),
    operationSeq: optionalNumber(r.operation_seq),
    componentLineNo: optionalNumber(r.component_line_no),
    quantity: optionalNumber(r.quantity),
    good: optionalNumber(r.good),
    scrap: optionalNumber(r.scrap),
    labourHours: optionalNumber(r.labour_hours),
    amount: optionalNumber(r.amount),
    journalEntryId: optionalNumber(r.journal_entry_id),
    by: String(r.by),
  }));
}

/** One production order with its components, operations, cost so far and timeline; undefined when unknown. */
export async function readProductionOrder(
  em: EntityManager,
  number: string,
): Promise<ProductionOrderDetail | undefined> {
  const found = await listRow(em, productionOrderListSpec, 'po.id', 'po.number = ?', [number]);
  if (!found) return undefined;
  const [extra] = await query<Row>(
    em,
    `select note, issue_rules, released_at, closed_at, cancelled_at, cancel_reason from production_order where id = ?`,
    [found.id],
  );
  const pin = (extra?.issue_rules ?? null) as ProductionIssueRulePin | null;
  return {
    ...found.row,
    note: optionalString(extra?.note),
    issueRules: pin
      ? { ruleSetId: pin.ruleSetId, ruleSetCode: pin.ruleSetCode, version: pin.version, contentHash: pin.contentHash }
      : null,
    releasedAt: optionalIso(extra?.released_at),
    closedAt: optionalIso(extra?.closed_at),
    cancelledAt: optionalIso(extra?.cancelled_at),
    cancelReason: optionalString(extra?.cancel_reason),
    components: await components(em, found.id),
    operations: await operations(em, found.id, found.row.quantity),
    cost: await cost(em, found.id),
    reports: await reports(em, found.id),
  };
}
