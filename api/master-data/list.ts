import { z } from 'zod';
import type { EntityManager, EntityName, FilterQuery, FindOptions, QueryOrder } from '@mikro-orm/postgresql';

/** Pages past this are refused (400 naming `page`) rather than sent to PostgreSQL as an absurd offset. */
export const MAX_PAGE = 100_000;
export const MAX_PAGE_SIZE = 200;

/** `active=true|false|all` on the wire; deactivated rows are hidden unless asked for. */
export type ActiveFilter = 'true' | 'false' | 'all';

/** What every master-data list accepts (the contract in helpers/master-data-api.md). */
export interface ListQuery {
  q?: string;
  sort?: string;
  page: number;
  pageSize: number;
  active: ActiveFilter;
}

/**
 * The query-string schema of a list: search `q`, `sort` limited to the given fields (ascending, or descending with
 * a leading `-`; anything else is a 400 naming `sort`), paging, `active`, plus the resource's own filters.
 */
export function listQuerySchema<F extends z.ZodRawShape>(sortFields: readonly string[], filters: F = {} as F) {
  const sortValues = sortFields.flatMap((field) => [field, `-${field}`]) as [string, ...string[]];
  return z.object({
    q: z.string().max(100).optional().describe('Search text, matched anywhere in the key or name'),
    sort: z.enum(sortValues).optional().describe('A field to sort by; a leading - sorts descending'),
    page: z.coerce.number().int().min(1).max(MAX_PAGE).default(1),
    pageSize: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(20),
    active: z.enum(['true', 'false', 'all']).default('true').describe('Deactivated records are hidden by default'),
    ...filters,
  });
}

/** The envelope of every list. */
export function listEnvelope<T extends z.ZodTypeAny>(item: T) {
  return z.object({ items: z.array(item), total: z.number(), page: z.number(), pageSize: z.number() });
}

/** How one entity is listed: which properties a search matches, which fields sort, and the resource's filters. */
export interface ListSpec<E extends object, Q extends ListQuery = ListQuery> {
  entity: EntityName<E>;
  /** Entity properties (dotted for relations) that `q` matches case-insensitively, anywhere in the text. */
  searchFields: readonly string[];
  /** Wire sort field -> entity property path (dotted for relations). */
  sortFields: Readonly<Record<string, string>>;
  /** Used when the request names no sort. */
  defaultSort: string;
  /** The property holding the active flag; omit for entities that cannot be deactivated. */
  activeField?: string;
  /** Conditions from the resource's own filters (e.g. `category`). */
  where?: (query: Q) => FilterQuery<E>[];
  populate?: readonly string[];
}

/** Turns `supplier.code` + `desc` into `{ supplier: { code: 'desc' } }`. */
function nested(path: string, leaf: unknown): Record<string, unknown> {
  return path
    .split('.')
    .reverse()
    .reduce<unknown>((acc, part) => ({ [part]: acc }), leaf) as Record<string, unknown>;
}

/** Escapes LIKE wildcards so a search for `50%` finds the text `50%`. */
export function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
}

/** The MikroORM conditions a list query asks for (search, active, the resource's filters). */
export function listWhere<E extends object, Q extends ListQuery>(spec: ListSpec<E, Q>, query: Q): FilterQuery<E> {
  const conditions: Record<string, unknown>[] = [];
  const search = query.q?.trim();
  if (search) {
    const pattern = likePattern(search);
    conditions.push({ $or: spec.searchFields.map((field) => nested(field, { $ilike: pattern })) });
  }
  if (spec.activeField && query.active !== 'all') {
    conditions.push(nested(spec.activeField, query.active === 'true'));
  }
  conditions.push(...((spec.where?.(query) ?? []) as Record<string, unknown>[]));
  return (conditions.length > 0 ? { $and: conditions } : {}) as FilterQuery<E>;
}

/** Sort order for a list: the requested field (or the default), then the primary key so pages never overlap. */
export function listOrder(
  spec: { sortFields: Readonly<Record<string, string>>; defaultSort: string },
  sort?: string,
  primaryKey = 'id',
) {
  const wanted = sort ?? spec.defaultSort;
  const descending = wanted.startsWith('-');
  const field = descending ? wanted.slice(1) : wanted;
  const path = spec.sortFields[field] ?? field;
  const direction = (descending ? 'desc' : 'asc') as `${QueryOrder.ASC}` | `${QueryOrder.DESC}`;
  return [nested(path, direction), { [primaryKey]: 'asc' }];
}

/** The entity's (first) primary key property: `id` for most, `code` for accounts. */
function primaryKeyOf<E extends object>(em: EntityManager, entity: EntityName<E>): string {
  return em.getMetadata().find(entity)?.primaryKeys[0] ?? 'id';
}

/** Runs a list query through `em.findAndCount` and returns one page with the total. */
export async function listEntities<E extends object, Q extends ListQuery>(
  em: EntityManager,
  spec: ListSpec<E, Q>,
  query: Q,
): Promise<{ items: E[]; total: number; page: number; pageSize: number }> {
  const options = {
    orderBy: listOrder(spec, query.sort, primaryKeyOf(em, spec.entity)),
    limit: query.pageSize,
    offset: (query.page - 1) * query.pageSize,
    populate: spec.populate,
  } as unknown as FindOptions<E, never>;
  const [items, total] = await em.findAndCount(spec.entity, listWhere(spec, query), options);
  return { items, total, page: query.page, pageSize: query.pageSize };
}

/** Every matching row in list order (for CSV export: same filters, no paging). */
export async function listAll<E extends object, Q extends ListQuery>(
  em: EntityManager,
  spec: ListSpec<E, Q>,
  query: Q,
): Promise<E[]> {
  const options = {
    orderBy: listOrder(spec, query.sort, primaryKeyOf(em, spec.entity)),
    populate: spec.populate,
  } as unknown as FindOptions<E, never>;
  return em.find(spec.entity, listWhere(spec, query), options);
}
