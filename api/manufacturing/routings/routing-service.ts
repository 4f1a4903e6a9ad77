import { LockMode, type EntityManager } from '@mikro-orm/postgresql';
import { Item, Routing, RoutingOperation, WorkCentre } from '../../../db/entities';
import { ApiError, type ApiErrorCode, type ApiErrorDetail } from '../../errors';
import { auditChange } from '../../master-data';
import type { CreateRoutingBody, RoutingRecord } from './routing-schemas';

const POPULATE = ['item', 'operations', 'operations.workCentre'] as const;

export function toRoutingRecord(routing: Routing): RoutingRecord {
  return {
    itemSku: routing.item.sku,
    itemName: routing.item.name,
    version: routing.version,
    effectiveFrom: routing.effectiveFrom,
    note: routing.note,
    createdBy: routing.createdBy,
    createdAt: routing.createdAt.toISOString(),
    operations: routing.operations.getItems().map((op) => ({
      seq: op.seq,
      workCentreCode: op.workCentre.code,
      workCentreName: op.workCentre.name,
      description: op.description,
      setupHours: op.setupHours,
      runHoursPerUnit: op.runHoursPerUnit,
    })),
  };
}

/** The item by SKU, or 404 naming `sku`; `lock` holds its row so two new versions of one item never share a number. */
export async function mustFindItem(em: EntityManager, sku: string, lock = false): Promise<Item> {
  const item = await em.findOne(Item, { sku }, lock ? { lockMode: LockMode.PESSIMISTIC_WRITE } : {});
  if (!item) throw new ApiError('NOT_FOUND', `No item ${sku}`, 'sku');
  return item;
}

/** Every routing version of the item, newest first. */
export function routingVersions(em: EntityManager, item: Item): Promise<Routing[]> {
  return em.find(Routing, { item }, { populate: POPULATE, orderBy: { version: 'desc' } });
}

export async function routingVersion(em: EntityManager, item: Item, version: number): Promise<Routing> {
  const routing = await em.findOne(Routing, { item, version }, { populate: POPULATE });
  if (!routing)
    throw new ApiError('ROUTING_NOT_FOUND', `Item ${item.sku} has no routing version ${version}`, 'version');
  return routing;
}

/** The version effective on `date`: the greatest effectiveFrom on or before it, ties to the higher version. */
export async function effectiveRouting(em: EntityManager, item: Item, date: string): Promise<Routing> {
  const routing = await em.findOne(
    Routing,
    { item, effectiveFrom: { $lte: date } },
    { populate: POPULATE, orderBy: [{ effectiveFrom: 'desc' }, { version: 'desc' }] },
  );
  if (!routing) throw new ApiError('ROUTING_NOT_FOUND', `Item ${item.sku} has no routing effective on ${date}`, 'date');
  return routing;
}

type Problem = ApiErrorDetail & { code: ApiErrorCode };

/** Every problem of the operations: a repeated seq, an unknown or a deactivated work centre, each by its field. */
async function operationProblems(
  em: EntityManager,
  operations: CreateRoutingBody['operations'],
): Promise<{ problems: Problem[]; centres: Map<string, WorkCentre> }> {
  const codes = [...new Set(operations.map((op) => op.workCentreCode))];
  const centres = new Map((await em.find(WorkCentre, { code: { $in: codes } })).map((c) => [c.code, c]));
  const problems: Problem[] = [];
  const firstAt = new Map<number, number>();
  operations.forEach((op, i) => {
    const earlier = firstAt.get(op.seq);
    if (earlier === undefined) firstAt.set(op.seq, i);
    else {
      const message = `seq ${op.seq} appears twice (also operations[${earlier}])`;
      problems.push({ code: 'VALIDATION_FAILED', path: `operations[${i}].seq`, message });
    }
    const centre = centres.get(op.workCentreCode);
    const path = `operations[${i}].workCentreCode`;
    if (!centre) problems.push({ code: 'UNKNOWN_WORK_CENTRE', path, message: `No work centre ${op.workCentreCode}` });
    else if (!centre.active) {
      problems.push({ code: 'RECORD_INACTIVE', path, message: `Work centre ${centre.code} is deactivated` });
    }
  });
  return { problems, centres };
}

/**
 * Creates the item's next routing version (1, 2, ...) with its operations; nothing is written when any operation
 * is refused (every problem is listed, the first names the field and gives the code).
 */
export async function createRouting(
  em: EntityManager,
  item: Item,
  body: CreateRoutingBody,
  actor: string,
): Promise<Routing> {
  const { problems, centres } = await operationProblems(em, body.operations);
  const [first] = problems;
  if (first) {
    const details = problems.map(({ path, message }) => ({ path, message }));
    const more = problems.length > 1 ? ` (and ${problems.length - 1} more)` : '';
    throw new ApiError(first.code, `${first.path}: ${first.message}${more}`, first.path, details);
  }
  const latest = await em.findOne(Routing, { item }, { orderBy: { version: 'desc' }, fields: ['version'] });
  const routing = new Routing();
  routing.item = item;
  routing.version = (latest?.version ?? 0) + 1;
  routing.effectiveFrom = body.effectiveFrom;
  routing.note = body.note ?? null;
  routing.createdBy = actor;
  for (const input of [...body.operations].sort((a, b) => a.seq - b.seq)) {
    const op = new RoutingOperation();
    op.seq = input.seq;
    op.workCentre = centres.get(input.workCentreCode) as WorkCentre;
    op.description = input.description;
    op.setupHours = input.setupHours;
    op.runHoursPerUnit = input.runHoursPerUnit;
    routing.operations.add(op);
  }
  em.persist(routing);
  const entry = { actor, action: 'routing.created', entityType: 'routing', entityId: `${item.sku}/${routing.version}` };
  auditChange(em, { ...entry, details: body });
  return routing;
}
