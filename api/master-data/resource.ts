import type { EntityManager } from '@mikro-orm/postgresql';
import type { z } from 'zod';
import type { Role } from '../../db/entities';
import type { ErrorCode } from '../openapi/route-docs';
import type { CsvColumn } from './csv-columns';
import type { ListQuery, ListSpec } from './list';

/** Who is making a change; stamped into the audit log. */
export interface ChangeContext {
  actor: string;
  /** The caller has just looked the key up and found nothing (an import's batch lookup): skip the duplicate check. */
  keyIsFree?: boolean;
}

/**
 * A master-data resource: everything `masterDataRoutes` needs to serve list, export, import, get, create, patch,
 * deactivate and reactivate for it. The resource keeps its business rules in `create` and `update` (which also
 * audit), so the API and the CSV import apply exactly the same rules.
 */
export interface MasterDataResource<E extends object, Rec, Create, Patch, Q extends ListQuery = ListQuery> {
  /** People's word for one record (`item`), used in messages and as the audit entity type. */
  label: string;
  /** The OpenAPI tag. */
  tag: string;
  /** The wire name of the key (`sku`, `code`, `username`) and the entity property holding it. */
  key: keyof E & string;
  /** The entity property holding the active flag (default `active`). */
  activeField?: keyof E & string;
  /** Reads; writes default to admin. */
  readRoles: readonly Role[];
  writeRoles: readonly Role[];
  /** The wire form of one record. */
  record: z.ZodType<Rec>;
  /** Entities -> wire records, in one go so computed fields (stock on hand ...) cost one query per page. */
  toRecords(em: EntityManager, entities: E[]): Promise<Rec[]>;
  list: Omit<ListSpec<E, Q>, 'activeField'> & {
    /** The full list query schema, usually `listQuerySchema(sortFieldNames, { category: z.string().optional() })`. */
    query: z.ZodType<Q>;
  };
  createSchema: z.ZodType<Create>;
  patchSchema: z.ZodType<Patch>;
  /** Loads one record (with what `toRecords` needs) by key, or null. */
  findByKey(em: EntityManager, key: string): Promise<E | null>;
  /** Creates, persists and audits a record; throws ApiError (DUPLICATE, VALIDATION_FAILED with field) when refused. */
  create(em: EntityManager, body: Create, ctx: ChangeContext): Promise<E>;
  /** Applies a partial change and audits it; throws FIELD_FROZEN naming the field when a frozen field would change. */
  update(em: EntityManager, entity: E, body: Patch, ctx: ChangeContext): Promise<void>;
  /**
   * Runs in the deactivate/reactivate transaction before the flag changes: refuse with an ApiError (a location
   * holding stock) or do what goes with it (a deactivated user's sessions are revoked).
   */
  onActiveChange?(em: EntityManager, entity: E, active: boolean, ctx: ChangeContext): Promise<void>;
  /** Error codes the resource's own rules raise beyond the common ones, declared in the OpenAPI document. */
  errors?: { create?: readonly ErrorCode[]; update?: readonly ErrorCode[]; deactivate?: readonly ErrorCode[] };
  /** CSV columns (import header = export header); rows are validated with `createSchema`. */
  csv: ReadonlyArray<CsvColumn<Rec>>;
}
