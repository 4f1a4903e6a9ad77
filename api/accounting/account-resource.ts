import type { EntityManager } from '@mikro-orm/postgresql';
import { z } from 'zod';
import { Account, ACCOUNT_TYPES, NORMAL_SIDES, type AccountType, type NormalSide } from '../../db/entities';
import { accountsWithPostings } from '../../db/accounting/accounts';
import { ANY_ROLE } from '../auth/auth-hook';
import {
  assignFields,
  auditChange,
  column,
  duplicate,
  listQuerySchema,
  refuseFrozenChanges,
  type MasterDataResource,
} from '../master-data';

/** The side an account of this type normally carries its balance on (contra accounts say otherwise). */
export const USUAL_SIDE: Record<AccountType, NormalSide> = {
  asset: 'debit',
  expense: 'debit',
  liability: 'credit',
  equity: 'credit',
  revenue: 'credit',
};

export const accountRecord = z.object({
  code: z.string(),
  name: z.string(),
  type: z.enum(ACCOUNT_TYPES),
  normalSide: z.enum(NORMAL_SIDES),
  /** Moved only through its subledger's documents: manual journal entries never touch it. */
  subledgerControlled: z.boolean(),
  active: z.boolean(),
  /** Journal lines exist: type and normal side are frozen. */
  hasPostings: z.boolean(),
});
export type AccountRecord = z.infer<typeof accountRecord>;

const fields = {
  name: z.string().trim().min(1, 'name is required').max(120),
  type: z.enum(ACCOUNT_TYPES, { error: `type must be one of ${ACCOUNT_TYPES.join(', ')}` }),
  normalSide: z.enum(NORMAL_SIDES, { error: 'normalSide must be debit or credit' }),
  subledgerControlled: z.boolean(),
  active: z.boolean(),
};

const createSchema = z.object({
  code: z
    .string()
    .trim()
    .min(1, 'code is required')
    .max(20)
    .regex(/^[0-9A-Za-z][0-9A-Za-z.-]*$/, 'code is letters, digits, dots and dashes'),
  name: fields.name,
  type: fields.type,
  /** Defaults to the type's usual side; give `credit` for a contra expense such as applied overhead. */
  normalSide: fields.normalSide.optional(),
  subledgerControlled: fields.subledgerControlled.optional(),
  active: fields.active.optional(),
});
type AccountCreate = z.infer<typeof createSchema>;

const patchSchema = z.object({
  name: fields.name.optional(),
  type: fields.type.optional(),
  normalSide: fields.normalSide.optional(),
  subledgerControlled: fields.subledgerControlled.optional(),
});
type AccountPatch = z.infer<typeof patchSchema>;

const query = listQuerySchema(['code', 'name', 'type', 'normalSide'], {
  type: z.enum(ACCOUNT_TYPES).optional(),
  normalSide: z.enum(NORMAL_SIDES).optional(),
  subledgerControlled: z.enum(['true', 'false']).optional(),
});
type AccountQuery = z.output<typeof query>;

const EDITABLE = ['name', 'type', 'normalSide', 'subledgerControlled', 'active'] as const;
const FROZEN_WHY = 'the account has postings, and the books already read them by its type and normal side';

async function toRecords(em: EntityManager, accounts: Account[]): Promise<AccountRecord[]> {
  const posted = await accountsWithPostings(
    em,
    accounts.map((a) => a.code),
  );
  return accounts.map((a) => ({
    code: a.code,
    name: a.name,
    type: a.type,
    normalSide: a.normalSide,
    subledgerControlled: a.subledgerControlled,
    active: a.active,
    hasPostings: posted.has(a.code),
  }));
}

/**
 * The chart of accounts as master data (`/api/accounts`): admins and controllers create, change and deactivate
 * accounts; an account with postings keeps its type and normal side (409 FIELD_FROZEN) and, like every account,
 * is never deleted.
 */
export const accountResource: MasterDataResource<Account, AccountRecord, AccountCreate, AccountPatch, AccountQuery> = {
  label: 'account',
  tag: 'accounts',
  key: 'code',
  readRoles: ANY_ROLE,
  writeRoles: ['admin', 'controller'],
  record: accountRecord,
  toRecords,
  list: {
    entity: Account,
    query,
    searchFields: ['code', 'name'],
    sortFields: { code: 'code', name: 'name', type: 'type', normalSide: 'normalSide' },
    defaultSort: 'code',
    where: (q) => [
      ...(q.type ? [{ type: q.type }] : []),
      ...(q.normalSide ? [{ normalSide: q.normalSide }] : []),
      ...(q.subledgerControlled ? [{ subledgerControlled: q.subledgerControlled === 'true' }] : []),
    ],
  },
  createSchema,
  patchSchema,
  findByKey: (em, code) => em.findOne(Account, { code }),
  create: async (em, body, { actor }) => {
    if (await em.findOne(Account, { code: body.code })) throw duplicate('account', 'code', body.code);
    const account = em.create(Account, {
      code: body.code,
      name: body.name,
      type: body.type,
      normalSide: body.normalSide ?? USUAL_SIDE[body.type],
      subledgerControlled: body.subledgerControlled ?? false,
      active: body.active ?? true,
    });
    em.persist(account);
    auditChange(em, {
      actor,
      action: 'account.created',
      entityType: 'account',
      entityId: body.code,
      details: { ...body, normalSide: account.normalSide },
    });
    return account;
  },
  update: async (em, account, body, { actor }) => {
    const hasPostings = async () => (await accountsWithPostings(em, [account.code])).size > 0;
    await refuseFrozenChanges(account, body, ['type', 'normalSide'], hasPostings, FROZEN_WHY);
    const changes = assignFields(account, body, EDITABLE);
    if (Object.keys(changes).length === 0) return;
    auditChange(em, {
      actor,
      action: 'account.changed',
      entityType: 'account',
      entityId: account.code,
      details: changes,
    });
  },
  csv: [
    column('code'),
    column('name'),
    column('type'),
    column('normalSide'),
    column('subledgerControlled', { kind: 'boolean' }),
    column('active', { kind: 'boolean' }),
  ],
};
