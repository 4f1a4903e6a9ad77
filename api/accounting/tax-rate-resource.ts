import type { EntityManager } from '@mikro-orm/postgresql';
import { z } from 'zod';
import { TaxRate } from '../../db/entities';
import { num, query } from '../../db/sql';
import { ANY_ROLE } from '../auth/auth-hook';
import { ApiError } from '../errors';
import {
  assignFields,
  auditChange,
  column,
  duplicate,
  listQuerySchema,
  refuseFrozenChanges,
  type MasterDataResource,
} from '../master-data';

export const taxRateRecord = z.object({
  code: z.string(),
  name: z.string(),
  /** Percent: 20 for 20 %. */
  rate: z.number(),
  /** The rate of items that name none (exactly one rate is the default). */
  isDefault: z.boolean(),
  active: z.boolean(),
  /** Invoices used it: the rate is frozen (a new rate gets a new code). */
  used: z.boolean(),
});
export type TaxRateRecord = z.infer<typeof taxRateRecord>;

const fields = {
  name: z.string().trim().min(1, 'name is required').max(120),
  rate: z
    .number({ error: 'rate must be a number' })
    .min(0, 'rate must be 0 or more')
    .max(100, 'rate must be 100 or less'),
  isDefault: z.boolean(),
  active: z.boolean(),
};
const createSchema = z.object({
  code: z
    .string()
    .trim()
    .min(1, 'code is required')
    .max(20)
    .regex(/^[0-9A-Za-z][0-9A-Za-z._-]*$/, 'code is letters, digits, dots, dashes and underscores'),
  name: fields.name,
  rate: fields.rate,
  isDefault: fields.isDefault.optional(),
  active: fields.active.optional(),
});
type TaxRateCreate = z.infer<typeof createSchema>;
const patchSchema = z.object({
  name: fields.name.optional(),
  rate: fields.rate.optional(),
  isDefault: fields.isDefault.optional(),
});
type TaxRatePatch = z.infer<typeof patchSchema>;
const query_ = listQuerySchema(['code', 'name', 'rate'], {});
type TaxRateQuery = z.output<typeof query_>;

const EDITABLE = ['name', 'rate', 'isDefault', 'active'] as const;

/** Which of the codes customer invoices have used (their tax lines keep the rate, but people read the code). */
async function usedCodes(em: EntityManager, codes: string[]): Promise<Set<string>> {
  if (codes.length === 0) return new Set();
  const rows = await query<{ code: string }>(
    em,
    'select distinct tax_rate_code as code from customer_invoice_tax_line where tax_rate_code in (?)',
    [codes],
  );
  return new Set(rows.map((row) => row.code));
}

/** Makes `rate` the only default: the previous default stops being one (one flush writes both). */
async function becomeDefault(em: EntityManager, rate: TaxRate): Promise<void> {
  const others = await em.find(TaxRate, { isDefault: true, code: { $ne: rate.code } });
  for (const other of others) other.isDefault = false;
  rate.isDefault = true;
}

const noDefaultLeft = (code: string) =>
  new ApiError(
    'VALIDATION_FAILED',
    `${code} is the default tax rate: make another rate the default instead`,
    'isDefault',
  );

/**
 * Tax rates as master data (`/api/tax-rates`): the rate customer invoices tax an item's sales at (the item's own
 * rate, else the default). A rate invoices used keeps its percent (409 FIELD_FROZEN naming `rate`); the default
 * rate can be neither un-defaulted nor deactivated, so every item always has a rate.
 */
export const taxRateResource: MasterDataResource<TaxRate, TaxRateRecord, TaxRateCreate, TaxRatePatch, TaxRateQuery> = {
  label: 'tax rate',
  tag: 'tax-rates',
  key: 'code',
  readRoles: ANY_ROLE,
  writeRoles: ['admin', 'controller'],
  record: taxRateRecord,
  toRecords: async (em, rates) => {
    const used = await usedCodes(
      em,
      rates.map((r) => r.code),
    );
    return rates.map((r) => ({
      code: r.code,
      name: r.name,
      rate: num(r.rate),
      isDefault: r.isDefault,
      active: r.active,
      used: used.has(r.code),
    }));
  },
  list: {
    entity: TaxRate,
    query: query_,
    searchFields: ['code', 'name'],
    sortFields: { code: 'code', name: 'name', rate: 'rate' },
    defaultSort: 'code',
    where: () => [],
  },
  createSchema,
  patchSchema,
  findByKey: (em, code) => em.findOne(TaxRate, { code }),
  create: async (em, body, { actor, keyIsFree }) => {
    if (!keyIsFree && (await em.findOne(TaxRate, { code: body.code }))) throw duplicate('tax rate', 'code', body.code);
    const rate = em.create(TaxRate, {
      code: body.code,
      name: body.name,
      rate: body.rate,
      isDefault: false,
      active: body.active ?? true,
    });
    if (body.isDefault) await becomeDefault(em, rate);
    em.persist(rate);
    auditChange(em, { actor, action: 'tax-rate.created', entityType: 'tax_rate', entityId: body.code, details: body });
    return rate;
  },
  update: async (em, rate, body, { actor }) => {
    const used = async () => (await usedCodes(em, [rate.code])).size > 0;
    await refuseFrozenChanges(rate, body, ['rate'], used, 'invoices were taxed at it; create a new rate instead');
    if (body.isDefault === false && rate.isDefault) throw noDefaultLeft(rate.code);
    if (body.isDefault && !rate.isDefault) await becomeDefault(em, rate);
    const changes = assignFields(rate, body, EDITABLE);
    if (Object.keys(changes).length === 0) return;
    auditChange(em, {
      actor,
      action: 'tax-rate.changed',
      entityType: 'tax_rate',
      entityId: rate.code,
      details: changes,
    });
  },
  onActiveChange: async (_em, rate, active) => {
    if (!active && rate.isDefault) throw noDefaultLeft(rate.code);
  },
  csv: [
    column('code'),
    column('name'),
    column('rate', { kind: 'number' }),
    column('isDefault', { kind: 'boolean' }),
    column('active', { kind: 'boolean' }),
  ],
};
